/**
 * Contract: collections page through without gaps or repeats, with the guide's cursor queries
 * ("Initial data load and bulk synchronisation") and with rel="next" links; filters and paging
 * parameters are validated; the timestamp precision trap of api-notes.md is reproduced faithfully.
 */
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { childElements } from '../../../src/simulator/xml/xml-node';
import { ArloHttp, attr, itemHrefs, linkWithRel, textAt } from '../../helpers/arlo-http';

// The integration project's `testTimeout` does not apply (jest reads it only at the top level), and the
// machine is shared: allow slow runs. A safety net against hangs, not a speed assertion.
jest.setTimeout(60_000);

let simulator: RunningSimulator;
let arlo: ArloHttp;

beforeAll(async () => {
  simulator = await startSimulator();
  arlo = new ArloHttp(simulator);
  // 550 contacts one millisecond apart, then 300 more sharing one of those milliseconds exactly:
  // a tie group three pages long, at the millisecond precision the guide's cursor can express.
  await simulator.control.seed({
    counts: { Organisation: 20, Contact: 550 },
    lastModified: { mode: 'spaced', at: '2024-01-01T00:00:00.000Z', stepMs: 1 },
  });
  await simulator.control.seed({
    counts: { Contact: 300 },
    lastModified: { mode: 'identical', at: '2024-01-01T00:00:00.300Z' },
  });
  // 600 organisations inside ONE millisecond, each on its own 100 ns tick: the trap.
  await simulator.control.seed({
    counts: { Organisation: 600 },
    lastModified: { mode: 'sameMillisecond', at: '2024-02-01T12:00:00.500Z' },
  });
});

afterAll(async () => {
  await simulator.close();
});

const q = encodeURIComponent;
const idOf = (href: string) => /\/(\d+)\/$/.exec(href)?.[1] ?? '';

interface Row {
  id: string;
  lastModified: string;
}

async function page(path: string): Promise<Row[]> {
  const answer = await arlo.get(path);
  expect(answer.status).toBe(200);
  return childElements(answer.xml!)
    .filter((l) => attr(l, 'title') === 'Contact' || attr(l, 'title') === 'Organisation')
    .map((l) => {
      const entity = childElements(l)[0];
      return { id: idOf(attr(l, 'href') ?? ''), lastModified: textAt(entity, 'LastModifiedDateTime') ?? '' };
    });
}

describe('the guide’s cursor queries', () => {
  it('page through every contact without gaps or repeats', async () => {
    const seen: string[] = [];
    let rows = await page(
      'contacts/?orderby=LastModifiedDateTime ASC,ContactID ASC&expand=Contact&skip=0&top=100',
    );
    let pages = 1;
    while (rows.length > 0) {
      seen.push(...rows.map((r) => r.id));
      const last = rows.at(-1)!;
      const cursor = last.lastModified.replace(/(\.\d{3})\d*Z$/, '$1Z'); // what a filter literal can carry
      rows = await page(
        `contacts/?filter=${q(`LastModifiedDateTime gt datetime('${cursor}') OR (LastModifiedDateTime eq datetime('${cursor}') AND ContactID gt ${last.id})`)}` +
          `&orderby=${q('LastModifiedDateTime ASC,ContactID ASC')}&expand=Contact&skip=0&top=100`,
      );
      pages++;
    }
    const truth = (await simulator.control.truth('Contact')).map((c) => c.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...truth].sort());
    expect(pages).toBe(Math.ceil(850 / 100) + 1);
  });

  it('finds the records changed since a point in time', async () => {
    const rows = await page(
      `contacts/?filter=${q("LastModifiedDateTime gt datetime('2024-01-01T00:00:00.500Z')")}&orderby=${q('LastModifiedDateTime ASC,ContactID ASC')}&expand=Contact&skip=0&top=100`,
    );
    const changed = (await simulator.control.truth('Contact')).filter(
      (c) => c.lastModifiedDateTime > '2024-01-01T00:00:00.5000000Z',
    );
    expect(changed.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id).sort()).toEqual(changed.map((c) => c.id).sort());
  });
});

describe('the timestamp precision trap', () => {
  it('stores 7 digits that no millisecond literal can name, so the naive cursor re-reads records', async () => {
    const first = await page(
      `organisations/?filter=${q("LastModifiedDateTime ge datetime('2024-02-01T12:00:00.500Z')")}&orderby=${q('LastModifiedDateTime ASC,OrganisationID ASC')}&expand=Organisation&top=250`,
    );
    expect(first).toHaveLength(250);
    expect(new Set(first.map((r) => r.lastModified)).size).toBe(250); // distinct sub-millisecond ticks...
    expect(first.every((r) => r.lastModified.startsWith('2024-02-01T12:00:00.500'))).toBe(true); // ...in one millisecond
    const last = first.at(-1)!;
    const cursor = '2024-02-01T12:00:00.500Z';
    const eq = await page(
      `organisations/?filter=${q(`LastModifiedDateTime eq datetime('${cursor}') AND OrganisationID gt ${last.id}`)}&expand=Organisation`,
    );
    expect(eq).toEqual([]); // eq never matches a 7-digit value with sub-millisecond ticks
    const second = await page(
      `organisations/?filter=${q(`LastModifiedDateTime gt datetime('${cursor}') OR (LastModifiedDateTime eq datetime('${cursor}') AND OrganisationID gt ${last.id})`)}` +
        `&orderby=${q('LastModifiedDateTime ASC,OrganisationID ASC')}&expand=Organisation&top=250`,
    );
    const firstIds = new Set(first.map((r) => r.id));
    expect(second.filter((r) => firstIds.has(r.id)).length).toBeGreaterThan(200); // the same records again
  });

  it('refuses a literal with the stored precision', async () => {
    const answer = await arlo.get(
      `organisations/?filter=${q("LastModifiedDateTime gt datetime('2024-02-01T12:00:00.5000001Z')")}`,
    );
    expect(answer.status).toBe(400);
    expect(textAt(answer.xml, 'Message')).toMatch(/at most 3/);
  });

  it('seeds `identical` records with one and the same 7-digit timestamp', async () => {
    const tied = (await simulator.control.truth('Contact')).filter(
      (c) => c.lastModifiedDateTime === '2024-01-01T00:00:00.3000000Z',
    );
    expect(tied).toHaveLength(301);
  });
});

describe('skip, top and next', () => {
  it('follow rel="next" through the whole collection, keeping filter, orderby and expand', async () => {
    const seen: string[] = [];
    let href: string | undefined = `contacts/?orderby=${q('ContactID DESC')}&expand=Contact&top=250`;
    while (href !== undefined) {
      const answer = await arlo.get(href);
      const items = itemHrefs(answer.xml);
      expect(childElements(childElements(answer.xml!)[0]!)[0]?.name).toBe('Contact'); // still expanded
      seen.push(...items.map(idOf));
      const next = linkWithRel(answer.xml, 'next');
      href = next ? attr(next, 'href') : undefined;
    }
    expect(seen).toHaveLength(850);
    expect(seen).toEqual([...seen].sort((a, b) => Number(b) - Number(a)));
  });

  it('default to 100 items, clamp top at 250, and end with a self link without a query', async () => {
    const byDefault = await arlo.get('contacts/');
    expect(itemHrefs(byDefault.xml)).toHaveLength(100);
    expect(attr(linkWithRel(byDefault.xml, 'next')!, 'href')).toBe(`${simulator.baseUrl}contacts/?skip=100`);
    expect(attr(linkWithRel(byDefault.xml, 'self')!, 'href')).toBe(`${simulator.baseUrl}contacts/`);
    expect(itemHrefs((await arlo.get('contacts/?top=1000')).xml)).toHaveLength(250);
    const lastPage = await arlo.get('contacts/?skip=800&top=100');
    expect(itemHrefs(lastPage.xml)).toHaveLength(50);
    expect(linkWithRel(lastPage.xml, 'next')).toBeUndefined();
  });

  it.each([['top=0'], ['top=-5'], ['skip=-1'], ['top=ten'], ['top=1&top=2']])(
    'refuses %s with 400',
    async (query) => {
      const answer = await arlo.get(`contacts/?${query}`);
      expect(answer.status).toBe(400);
      expect(textAt(answer.xml, 'Code')).toBe('InvalidParameter');
    },
  );
});

describe('filters, orderby and expand over HTTP', () => {
  it('filters on navigation paths and expands nested Links', async () => {
    const organisation = (await simulator.control.truth('Organisation'))[0]!;
    const answer = await arlo.get(
      `contacts/?filter=${q(`Employment/Organisation/OrganisationID eq ${organisation.id}`)}&expand=Contact,Contact/Employment&top=250`,
    );
    expect(answer.status).toBe(200);
    const employed = (await simulator.control.truth('Contact')).filter(
      (c) => c.employment?.OrganisationID === organisation.id,
    );
    expect(itemHrefs(answer.xml).map(idOf).sort()).toEqual(employed.map((c) => c.id).sort());
    for (const link of childElements(answer.xml!).filter((l) => attr(l, 'title') === 'Contact')) {
      const employment = childElements(childElements(link)[0]!).find(
        (l) => attr(l, 'title') === 'Employment',
      );
      expect(textAt(employment, 'ContactEmployment/Position')).toBeTruthy();
    }
  });

  it.each([
    ["FirstName eq 'unterminated", /not closed/],
    ['Shoe eq 1', /no field "Shoe"/],
    ["ContactID eq 'x'", /ContactID is an integer/],
    ['((((', /expected a field or a value/],
  ])('answers 400 with the reason for filter %j', async (filter, reason) => {
    const answer = await arlo.get(`contacts/?filter=${q(filter)}`);
    expect(answer.status).toBe(400);
    expect(textAt(answer.xml, 'Code')).toBe('InvalidFilter');
    expect(textAt(answer.xml, 'Message')).toMatch(reason);
  });

  it('answers 400 to a bad orderby or expand', async () => {
    expect((await arlo.get(`contacts/?orderby=${q('Shoe ASC')}`)).status).toBe(400);
    expect((await arlo.get(`contacts/?expand=${q('Contact/../x')}`)).status).toBe(400);
  });
});
