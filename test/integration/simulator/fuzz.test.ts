/**
 * Fuzz: thousands of random filter strings and random diff documents over HTTP. The server must answer
 * every one with 200 or 400 (never 500, never hang) and still serve normally afterwards. The inputs come
 * from a seeded PRNG, so a failure prints a reproducible case.
 */
import http from 'node:http';

import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { Prng } from '../../../src/simulator/prng';
import { basicAuth } from '../../helpers/arlo-http';

// The integration project's `testTimeout` does not apply (jest reads it only at the top level), and the
// machine is shared: allow slow runs. A safety net against hangs, not a speed assertion.
jest.setTimeout(60_000);

const FILTERS = 2500;
const DIFFS = 2500;
const FUZZ_TIMEOUT_MS = 120_000;

let simulator: RunningSimulator;
let agent: http.Agent;
let contactIds: string[];

beforeAll(async () => {
  simulator = await startSimulator({ onError: (error) => unexpected.push(error) });
  agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const seeded = await simulator.control.seed({
    counts: { Organisation: 10, Contact: 40, Event: 5, Registration: 40 },
  });
  contactIds = seeded.created.Contact!;
});

afterAll(async () => {
  agent.destroy();
  await simulator.close();
});

const unexpected: unknown[] = [];

/** One request with a hard deadline, so a hang fails the test instead of stalling it. */
function send(method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, simulator.baseUrl);
  return new Promise((resolve, reject) => {
    const { username, password } = simulator.credentials;
    const request = http.request(
      url,
      {
        method,
        agent,
        timeout: 5000,
        headers: {
          Authorization: basicAuth(username, password),
          Accept: 'application/xml',
          ...(body === undefined
            ? {}
            : { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within 5 s: ${method} ${path}`)));
    request.on('error', reject);
    request.end(body);
  });
}

const FIELDS = [
  'ContactID',
  'FirstName',
  'LastName',
  'Email',
  'Status',
  'LastModifiedDateTime',
  'CreatedDateTime',
  'UniqueIdentifier',
  'Employment/Position',
  'Employment/Organisation/OrganisationID',
  'Contact/ContactID',
  'PostalAddress/City',
  'Nope',
  'Employment',
  'a/b/c',
];
const OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'EQ', 'Gt', 'like', '=', ''];
const LITERALS = [
  "'Barry'",
  "'O''Brien'",
  "'",
  "''",
  '12',
  '-5',
  '1.5',
  '99999999999999999999999',
  'true',
  'null',
  "datetime('2024-01-01T00:00:00.000Z')",
  "datetime('2024-01-01T00:00:00.1234567Z')",
  "datetime('nope')",
  "datetimeoffset('2024-01-01T12:00:00+12:00')",
  'datetime(',
  "guid'x'",
];
const JUNK = [
  '(',
  ')',
  'and',
  'or',
  'not',
  '/',
  ',',
  '@',
  '\u0000',
  '\u00e9',
  '%',
  '"',
  '\\',
  ' ',
  '))',
  '((',
];

/** Comparisons that type-check, so that plenty of filters get past the parser into evaluation. */
const WELL_TYPED: readonly [string, readonly string[]][] = [
  ['ContactID', ['1001', '1020', '-1', '9223372036854775807']],
  ['FirstName', ["'Barry'", "'Emma'", "''", "'O''Brien'"]],
  ['Status', ["'Active'", "'Inactive'"]],
  [
    'LastModifiedDateTime',
    [
      "datetime('2024-01-01T00:00:00.000Z')",
      "datetime('2999-01-01T00:00')",
      "datetimeoffset('2024-01-01T12:00:00.5+12:00')",
    ],
  ],
  ['Employment/Position', ["'Developer'", "'Team Lead'"]],
  ['Employment/Organisation/OrganisationID', ['1001', '1005']],
  ['PostalAddress/City', ["'Auckland'", "'Wellington'"]],
];

function randomComparison(rng: Prng): string {
  if (rng.chance(0.5)) {
    const [field, literals] = rng.pick(WELL_TYPED);
    return `${field} ${rng.pick(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])} ${rng.pick(literals)}`;
  }
  const parts = [rng.pick(FIELDS), rng.pick(OPERATORS), rng.pick(LITERALS)];
  return rng.chance(0.2) ? parts.reverse().join(' ') : parts.join(' ');
}

function randomFilter(rng: Prng, depth = 0): string {
  const roll = rng.next();
  if (roll < 0.4 || depth > 4) return randomComparison(rng);
  if (roll < 0.6) return `(${randomFilter(rng, depth + 1)})`;
  if (roll < 0.85)
    return `${randomFilter(rng, depth + 1)} ${rng.pick(['and', 'or', 'AND', 'Or'])} ${randomFilter(rng, depth + 1)}`;
  // Token soup and mutations of a valid filter.
  const tokens = randomFilter(rng, depth + 1).split(' ');
  for (let i = rng.int(4); i >= 0; i--) tokens.splice(rng.int(tokens.length + 1), rng.int(2), rng.pick(JUNK));
  return tokens.join(rng.pick([' ', '', '  ']));
}

const SELECTORS = [
  'Contact',
  'Contact/FirstName',
  'Contact/FirstName/text()',
  'Contact/LastName/text()[1]',
  'Contact/Email/text()',
  'Contact/ContactID/text()',
  'Contact/LastModifiedDateTime/text()',
  "Contact/Link[@title='Employment']",
  "Contact/Link[@title='Employment']/ContactEmployment/Position/text()",
  "Contact/Link[@title='Employment']/ContactEmployment/Link[@title='Organisation']/@href",
  "Contact/Link[@title='PostalAddress']/Address/City/text()",
  "Contact/Link[@title='CustomFields']/CustomFields",
  'Contact/Link[1]/@href',
  'Contact/Link[last()]',
  'Contact/*',
  'Contact/*[3]',
  '/Contact/Status',
  'Contact//FirstName',
  'Contact/Link[',
  'Organisation/Name',
  'count(Contact)',
  '',
];
const CONTENTS = [
  'Barry',
  '',
  '<LegalName>x</LegalName>',
  '<FirstName>Twice</FirstName>',
  '<PhoneHome>04 123</PhoneHome>',
  '<Status>Inactive</Status>',
  '<Shoe>9</Shoe>',
  '<Link title="Employment"><ContactEmployment><Position>P</Position></ContactEmployment></Link>',
  '<Link title="Employment"><ContactEmployment><Link title="Organisation" href="https://demo.arlo.co/api/2012-02-01/auth/resources/organisations/1001/"/></ContactEmployment></Link>',
  '<Link title="Employment"><Wrong/></Link>',
  '<Link title="CustomFields"><CustomFields><Field><Name>N</Name><Value><String>v</String></Value></Field></CustomFields></Link>',
  '<Link title="CustomFields"><CustomFields><Field><Name>N</Name></Field></CustomFields></Link>',
  '<Link title="PostalAddress"><Address><City>Nelson</City></Address></Link>',
  '<Contact><FirstName>Root</FirstName></Contact>',
  '<Organisation/>',
  'a &amp; b &lt;c&gt;',
  '<ContactID>1</ContactID>',
];

function randomOperation(rng: Prng): string {
  const sel = rng.pick(SELECTORS).replace(/"/g, '&quot;');
  switch (rng.int(3)) {
    case 0: {
      const pos = rng.chance(0.3) ? ` pos="${rng.pick(['prepend', 'before', 'after', 'sideways'])}"` : '';
      const type = rng.chance(0.1) ? ` type="@${rng.pick(['x', 'href', '1bad'])}"` : '';
      return `<add sel="${sel}"${pos}${type}>${rng.pick(CONTENTS)}</add>`;
    }
    case 1:
      return `<replace sel="${sel}">${rng.pick(CONTENTS)}</replace>`;
    default:
      return rng.chance(0.1)
        ? `<remove sel="${sel}" ws="${rng.pick(['before', 'after', 'both', 'sideways'])}"/>`
        : `<remove sel="${sel}"/>`;
  }
}

function randomDiff(rng: Prng): string {
  const operations = Array.from({ length: 1 + rng.int(4) }, () => randomOperation(rng)).join('');
  let document = rng.chance(0.05) ? `<patch>${operations}</patch>` : `<diff>${operations}</diff>`;
  if (rng.chance(0.1)) {
    const cut = rng.int(document.length);
    document =
      document.slice(0, cut) +
      rng.pick(['<', '>', '&', '"', '</diff>', '<!DOCTYPE x>', '\u0000']) +
      document.slice(cut);
  }
  return document;
}

it(
  `answers ${FILTERS} random filters with 200 or 400, never 500`,
  async () => {
    const rng = new Prng('filter-fuzz');
    const statuses = new Map<number, number>();
    for (let i = 0; i < FILTERS; i++) {
      const filter = randomFilter(rng);
      const collection = rng.chance(0.9) ? 'contacts' : 'registrations';
      const answer = await send('GET', `${collection}/?filter=${encodeURIComponent(filter)}&top=5`);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status !== 200 && answer.status !== 400)
        throw new Error(`filter ${JSON.stringify(filter)} → ${answer.status}: ${answer.body}`);
      if (answer.status === 400)
        expect(answer.body).toMatch(
          /<ApiException><Code>\w+<\/Code><Message>filter: .+<\/Message><\/ApiException>/,
        );
    }
    // Both outcomes must occur, or the generator is not exercising the parser.
    expect(statuses.get(200)).toBeGreaterThan(FILTERS / 20);
    expect(statuses.get(400)).toBeGreaterThan(FILTERS / 20);
    expect(unexpected).toEqual([]);
  },
  FUZZ_TIMEOUT_MS,
);

it(
  `answers ${DIFFS} random diff documents with 200 or 400, never 500`,
  async () => {
    const rng = new Prng('diff-fuzz');
    const statuses = new Map<number, number>();
    for (let i = 0; i < DIFFS; i++) {
      const diff = randomDiff(rng);
      const id = rng.pick(contactIds);
      const expand = rng.pick([
        '',
        '?expand=Employment',
        '?expand=Employment,PostalAddress,CustomFields',
        '?expand=Nope',
      ]);
      const answer = await send('PATCH', `contacts/${id}/${expand}`, diff);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status !== 200 && answer.status !== 400)
        throw new Error(`diff ${diff} on contact ${id}${expand} → ${answer.status}: ${answer.body}`);
    }
    expect(statuses.get(200)).toBeGreaterThan(DIFFS / 50);
    expect(statuses.get(400)).toBeGreaterThan(DIFFS / 2);
    expect(unexpected).toEqual([]);
  },
  FUZZ_TIMEOUT_MS,
);

it('still serves normally afterwards, with consistent records', async () => {
  for (const id of contactIds) {
    const answer = await send('GET', `contacts/${id}/?expand=Employment,PostalAddress,CustomFields`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`<ContactID>${id}</ContactID>`);
  }
  const listing = await send(
    'GET',
    `contacts/?orderby=${encodeURIComponent('LastModifiedDateTime DESC')}&expand=Contact&top=250`,
  );
  expect(listing.status).toBe(200);
  const truth = await simulator.control.truth('Contact');
  expect(truth.every((c) => c.fields.FirstName !== undefined && c.fields.LastName !== undefined)).toBe(true);
});
