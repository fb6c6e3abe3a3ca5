/**
 * Invalid push bodies for the push fuzzer (test/helpers/fuzz-pushes.ts), each with the problem line the
 * 400 must hold: schema errors (a valid body with one thing broken), JSON that is not JSON, and a key
 * written twice in one object.
 */
import type { Prng } from '../../src/simulator/prng';

type Body = Record<string, unknown>;
type Kind = 'contacts' | 'organisations';

interface Breakage {
  readonly problem: RegExp;
  readonly apply: (body: Body, kind: Kind) => unknown;
}

const fields = (body: Body) => body.fields as Record<string, unknown>;

/** Each breaks one thing of a valid body; `apply` may return a whole replacement (not an object). */
const SCHEMA_BREAKAGES: readonly Breakage[] = [
  {
    problem: /^externalId: /,
    apply: (b) => {
      delete b.externalId;
    },
  },
  { problem: /^externalId: /, apply: (b) => void (b.externalId = '') },
  { problem: /^externalId: /, apply: (b) => void (b.externalId = 'x'.repeat(201)) },
  { problem: /^externalId: /, apply: (b) => void (b.externalId = 562) },
  { problem: /^fields: /, apply: (b) => void (b.fields = ['FirstName', 'Sam']) },
  {
    problem: /^fields\.(FirstName|Name): /,
    apply: (b, k) => void (fields(b)[k === 'contacts' ? 'FirstName' : 'Name'] = 7),
  },
  {
    problem: /^fields\.(FirstName|Name): at most 4000 characters$/,
    apply: (b, k) => void (fields(b)[k === 'contacts' ? 'FirstName' : 'Name'] = 'a'.repeat(4001)),
  },
  {
    problem: /^fields\["First Name"\] \(the name\): must be an element name$/,
    apply: (b) => void (fields(b)['First Name'] = 'x'),
  },
  {
    problem: /^fields\["1st"\] \(the name\): must be an element name$/,
    apply: (b) => void (fields(b)['1st'] = 'x'),
  },
  { problem: /^\(body\): Unrecognized key: "firstName"$/, apply: (b) => void (b.firstName = 'Sam') },
  {
    problem: /^\(body\): Unrecognized key: "__proto__"$/,
    apply: () => JSON.parse('{"externalId":"HR-1","__proto__":{"polluted":1}}') as unknown,
  },
  { problem: /^\(body\): /, apply: () => null },
  { problem: /^\(body\): /, apply: () => [] },
  { problem: /^\(body\): /, apply: () => 'externalId' },
  {
    problem: /^employment\.organisationId: must be an Arlo OrganisationID$/,
    apply: (b) => void (b.employment = { organisationId: '0' }),
  },
  {
    problem: /^employment\.organisationId: must be an Arlo OrganisationID$/,
    apply: (b) => void (b.employment = { organisationId: '1502 OR 1=1' }),
  },
  {
    problem: /^employment: Unrecognized key: "title"$/,
    apply: (b) => void (b.employment = { title: 'CEO' }),
  },
  {
    problem: /^postalAddress\.Street \(the name\): must be one of Arlo's Address fields/,
    apply: (b) => void (b.postalAddress = { Street: '1 Main St' }),
  },
  { problem: /^deepLink: /, apply: (b) => void (b.deepLink = 'javascript:alert(1)') },
  { problem: /^deepLink: /, apply: (b) => void (b.deepLink = 'ftp://hr.example/1') },
  { problem: /^deepLink: /, apply: (b) => void (b.deepLink = 'not a link') },
  { problem: /^dryRun: /, apply: (b) => void (b.dryRun = 'false') },
  { problem: /^wait: /, apply: (b) => void (b.wait = 0) },
  { problem: /^waitSeconds: /, apply: (b) => void (b.waitSeconds = 61) },
  { problem: /^waitSeconds: /, apply: (b) => void (b.waitSeconds = 0.5) },
  {
    problem: /^platform: name one of the configured platforms/,
    apply: (b) => void (b.platform = 'evil.arlo.co'),
  },
  {
    problem:
      /^(Contact field ContactID|Organisation field OrganisationID) is not owned by the external system$/,
    apply: (b, k) => void (fields(b)[k === 'contacts' ? 'ContactID' : 'OrganisationID'] = '9'),
  },
  {
    problem: /^(Contact|Organisation) field Status is not owned by the external system$/,
    apply: (b) => void (fields(b).Status = 'Inactive'),
  },
  {
    problem: /^(Contact|Organisation) custom field "Other" is not owned by the external system$/,
    apply: (b) => void (b.customFields = { Other: 'x' }),
  },
];

export function invalidSchemaBody(prng: Prng, valid: Body, kind: Kind): { body: Body; problem: RegExp } {
  const breakage = prng.pick(SCHEMA_BREAKAGES);
  const replaced = breakage.apply(valid, kind);
  return { body: (replaced === undefined ? valid : replaced) as Body, problem: breakage.problem };
}

export function invalidJsonBody(prng: Prng, valid: string): { body: Buffer; problem?: RegExp } {
  const notJson = /^the body is not valid JSON$/;
  switch (prng.int(9)) {
    case 0:
      return { body: Buffer.from(valid.slice(0, prng.int(valid.length))), problem: notJson };
    case 1: // a raw (unescaped) control character inside a string: not JSON at all
      return {
        body: Buffer.from(valid.replace(/"(Sam|Acme)"/, `"A${String.fromCharCode(prng.int(0x20))}B"`)),
        problem: notJson,
      };
    case 2:
      return { body: Buffer.from(valid.replace(/"/g, "'")), problem: notJson };
    case 3:
      return { body: Buffer.from(valid.replace(/}$/, ',}')), problem: notJson };
    case 4:
      return { body: Buffer.from(`${valid}/* comment */`), problem: notJson };
    case 5:
      return { body: Buffer.from(`${valid}${valid}`), problem: notJson };
    case 6: {
      const depth = prng.between(5_000, 30_000);
      return {
        body: Buffer.from(`{"externalId":${'['.repeat(depth)}${']'.repeat(depth)}}`),
        // Past the key check's reach, or within it and then refused by the schema.
        problem: /^(the body is nested too deeply|externalId: .*expected string)/,
      };
    }
    case 7:
      return { body: Buffer.from(valid.replace(/:"[^"]*"/, ':NaN')), problem: notJson };
    default: // random printable bytes: almost never JSON, and never a valid push
      return { body: Buffer.from(Array.from({ length: prng.between(1, 300) }, () => 32 + prng.int(95))) };
  }
}

export function duplicateKeyBody(prng: Prng, valid: Body): { body: string; problem: RegExp } {
  const json = JSON.stringify(valid).slice(0, -1);
  switch (prng.int(5)) {
    case 0:
      return {
        body: `${json},"dryRun":true,"dryRun":false}`,
        problem: /^"dryRun" appears twice in one object/,
      };
    case 1:
      return { body: `${json},"wait":false,"wait":true}`, problem: /^"wait" appears twice in one object/ };
    case 2: // spelled with an escape, as a filter in front might not notice
      return {
        body: `${json},"external\\u0049d":"HR-2"}`,
        problem: /^"externalId" appears twice in one object/,
      };
    case 3:
      return {
        body: JSON.stringify(valid).replace('"fields":{', '"fields":{"CodePrimary":"A","CodePrimary":"B",'),
        problem: /^"fields\.CodePrimary" appears twice in one object/,
      };
    default:
      return { body: `${json},"platform":"other"}`, problem: /^"platform" appears twice in one object/ };
  }
}
