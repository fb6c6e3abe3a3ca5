import { DEFAULT_OWNERSHIP, type FieldOwnership } from '../../../src/push/field-ownership';
import { DEFAULT_WAIT_SECONDS, parsePushBody } from '../../../src/push/push-request-schema';

const ownership: FieldOwnership = {
  ...DEFAULT_OWNERSHIP,
  resources: {
    ...DEFAULT_OWNERSHIP.resources,
    Contact: { ...DEFAULT_OWNERSHIP.resources.Contact, customFields: ['Tier', 'Ti\u0001er'] },
  },
};
const context = { ownership, platforms: ['demo.arlo.co'] };
const parse = (body: unknown) => parsePushBody('Contact', body, context);

const valid = {
  externalId: 'HR-1',
  platform: 'demo.arlo.co',
  fields: { FirstName: 'Sam' },
  employment: { position: 'Developer', organisationId: '1502' },
  postalAddress: { City: 'Wellington' },
  customFields: { Tier: 'Gold' },
  deepLink: 'https://hr.example/people/1',
};

/** Puts `value` at one string position of the valid body; `field` is how the 400 must name it. */
const POSITIONS: readonly { field: string; place: (value: string) => Record<string, unknown> }[] = [
  { field: 'externalId', place: (v) => ({ ...valid, externalId: `HR${v}1` }) },
  { field: 'platform', place: (v) => ({ ...valid, platform: `demo${v}` }) },
  { field: 'fields.FirstName', place: (v) => ({ ...valid, fields: { FirstName: `S${v}m` } }) },
  {
    field: 'employment.position',
    place: (v) => ({ ...valid, employment: { position: `Dev${v}` } }),
  },
  { field: 'postalAddress.City', place: (v) => ({ ...valid, postalAddress: { City: `W${v}n` } }) },
  { field: 'customFields.Tier', place: (v) => ({ ...valid, customFields: { Tier: `G${v}` } }) },
  { field: 'deepLink', place: (v) => ({ ...valid, deepLink: `https://hr.example/p/${v}` }) },
];

describe('parsePushBody', () => {
  it('accepts a full valid body, with text XML can carry however unusual', () => {
    const unusual = 'ü\u202e\nX\tY\r\u{1F600} \u0085\u00A0\uFFFD';
    const parsed = parse({ ...valid, fields: { FirstName: unusual }, externalId: `HR-${unusual}` });
    expect(parsed).toMatchObject({
      ok: true,
      wait: true,
      waitSeconds: DEFAULT_WAIT_SECONDS,
      call: { externalId: `HR-${unusual}`, desired: { fields: { FirstName: unusual } } },
    });
  });

  // Issue 19: "ü\u202e\nX\u0000Y" passed, the contact was POSTed, then its IntegrationData could not be written.
  it('refuses the probe’s external ID, naming the field and the character', () => {
    expect(parse({ ...valid, externalId: 'ü\u202e\nX\u0000Y' })).toEqual({
      ok: false,
      problems: [
        'externalId: contains U+0000, which XML 1.0 (and so Arlo) cannot hold; remove that character and send again',
      ],
    });
  });

  it.each(POSITIONS)('refuses every character XML 1.0 forbids in $field', ({ field, place }) => {
    const forbidden = [
      ...Array.from({ length: 0x20 }, (_, code) => code).filter((c) => c !== 0x9 && c !== 0xa && c !== 0xd),
      0xfffe,
      0xffff,
    ].map((code) => String.fromCharCode(code));
    const lone = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800'];
    for (const character of [...forbidden, ...lone]) {
      const parsed = parse(place(character));
      const code = character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      expect(parsed).toEqual({
        ok: false,
        problems: [expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}: contains U\\+${code},`))],
      });
    }
  });

  it('refuses a custom field name XML cannot hold, naming it as a name', () => {
    const parsed = parse({ ...valid, customFields: { 'Ti\u0001er': 'Gold' } });
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^customFields\["Ti\\u0001er"\] \(the name\): contains U\+0001,/)],
    });
  });

  it('refuses a postal address field Arlo’s Address does not have, and lists the ones it has', () => {
    const parsed = parse({ ...valid, postalAddress: { Street: '1 Main St' } });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      expect.stringMatching(
        /^postalAddress\.Street \(the name\): must be one of Arlo's Address fields \(StreetLine1, .*Country\)$/,
      ),
    ]);
  });

  it('says in words what an empty or overlong ID and a link that is not http(s) must be', () => {
    const problems = (body: Record<string, unknown>) => {
      const parsed = parse({ ...valid, ...body });
      return parsed.ok ? [] : parsed.problems;
    };
    expect(problems({ externalId: '' })).toEqual(['externalId: must not be empty']);
    expect(problems({ externalId: 'x'.repeat(201) })).toEqual(['externalId: at most 200 characters']);
    expect(problems({ customFields: { '': 'Gold' } })).toEqual([
      'customFields[""] (the name): must not be empty',
    ]);
    for (const deepLink of ['ftp://hr.example/1', 'not a link']) {
      expect(problems({ deepLink })).toEqual([
        'deepLink: must be an http or https URL, e.g. https://hr.example/people/562',
      ]);
    }
  });

  it('takes waitSeconds from 1 to 60, and refuses anything else', () => {
    expect(parse({ ...valid, waitSeconds: 5 })).toMatchObject({ ok: true, waitSeconds: 5 });
    for (const waitSeconds of [0, 61, 1.5, '5']) {
      expect(parse({ ...valid, waitSeconds })).toMatchObject({
        ok: false,
        problems: [expect.stringMatching(/^waitSeconds: /)],
      });
    }
  });
});
