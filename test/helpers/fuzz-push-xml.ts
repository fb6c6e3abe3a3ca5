/**
 * The push fuzzer's XML cases: every code unit XML 1.0 forbids (the 29 C0 controls other than tab, LF
 * and CR, U+FFFE, U+FFFF, and all 2,048 lone surrogates) in every string position a push accepts.
 * - one position at a time: each non-surrogate forbidden character and the four surrogate boundaries
 *   in each position alone, so the one problem the 400 names is that position's;
 * - every position at once: each forbidden code unit (all 2,048 surrogates included) in every Contact
 *   position of one body, so the 400 must name every position.
 * Each case says which problem lines the 400 must hold.
 */

export interface XmlPosition {
  readonly name: string;
  readonly kind: 'contacts' | 'organisations';
  /** Puts `bad` into a valid body (which it changes in place) at this position. */
  readonly place: (body: Record<string, unknown>, bad: string) => void;
  /** The problem line the 400 must hold for this position, given the code as `U\+XXXX`. */
  readonly problem: (code: string) => RegExp;
}

export interface XmlCase {
  readonly kind: 'contacts' | 'organisations';
  readonly body: Record<string, unknown>;
  readonly problems: readonly RegExp[];
}

const contains = (field: string) => (code: string) => new RegExp(`^${field}: contains ${code}, `);
/** How the 400 names a key holding the character: JSON-escaped (\u0000, \b, \f) or, for U+FFFE/U+FFFF, as is. */
const IN_KEY = '(?:\\\\u[0-9a-f]{4}|\\\\[bf]|[\\uFFFE\\uFFFF])';
const record = (body: Record<string, unknown>, key: string) => (body[key] ??= {}) as Record<string, unknown>;

export const XML_POSITIONS: readonly XmlPosition[] = [
  {
    name: 'externalId',
    kind: 'contacts',
    place: (b, bad) => (b.externalId = `HR-${bad}-1`),
    problem: contains('externalId'),
  },
  {
    name: 'platform',
    kind: 'contacts',
    place: (b, bad) => (b.platform = `${String(b.platform)}${bad}`),
    problem: contains('platform'),
  },
  {
    name: 'field value',
    kind: 'contacts',
    place: (b, bad) => (record(b, 'fields').FirstName = `Sa${bad}m`),
    problem: contains('fields\\.FirstName'),
  },
  {
    name: 'field name',
    kind: 'contacts',
    place: (b, bad) => (record(b, 'fields')[`First${bad}Name`] = 'Sam'),
    problem: () =>
      new RegExp(String.raw`^fields\["First${IN_KEY}Name"\] \(the name\): must be an element name$`),
  },
  {
    name: 'employment position',
    kind: 'contacts',
    place: (b, bad) => (record(b, 'employment').position = `Dev${bad}`),
    problem: contains('employment\\.position'),
  },
  {
    name: 'employment organisation',
    kind: 'contacts',
    place: (b, bad) => (record(b, 'employment').organisationId = `15${bad}02`),
    problem: () => /^employment\.organisationId: must be an Arlo OrganisationID$/,
  },
  {
    name: 'postal address value',
    kind: 'contacts',
    place: (b, bad) => (record(b, 'postalAddress').City = `Welling${bad}ton`),
    problem: contains('postalAddress\\.City'),
  },
  {
    name: 'postal address name',
    kind: 'contacts',
    place: (b, bad) => (record(b, 'postalAddress')[`Ci${bad}ty`] = 'Wellington'),
    problem: () =>
      new RegExp(
        String.raw`^postalAddress\["Ci${IN_KEY}ty"\] \(the name\): must be one of Arlo's Address fields`,
      ),
  },
  {
    name: 'custom field value',
    kind: 'contacts',
    place: (b, bad) => (record(b, 'customFields').Tier = `Go${bad}ld`),
    problem: contains('customFields\\.Tier'),
  },
  {
    name: 'custom field name',
    kind: 'contacts',
    place: (b, bad) => (record(b, 'customFields')[`Ti${bad}er`] = 'Gold'),
    problem: (code) =>
      new RegExp(String.raw`^customFields\["Ti${IN_KEY}er"\] \(the name\): contains ${code}, `),
  },
  {
    name: 'deep link',
    kind: 'contacts',
    place: (b, bad) => (b.deepLink = `https://hr.example/people/${bad}1`),
    problem: contains('deepLink'),
  },
  {
    name: 'organisation field value',
    kind: 'organisations',
    place: (b, bad) => (record(b, 'fields').Name = `Ac${bad}me`),
    problem: contains('fields\\.Name'),
  },
];

/** Code units XML 1.0 cannot carry, as one-character strings (a lone surrogate is one code unit). */
export function forbiddenCodeUnits(): { nonSurrogates: string[]; surrogates: string[] } {
  const controls = Array.from({ length: 0x20 }, (_, c) => c).filter(
    (c) => c !== 0x9 && c !== 0xa && c !== 0xd,
  );
  return {
    nonSurrogates: [...controls, 0xfffe, 0xffff].map((c) => String.fromCharCode(c)),
    surrogates: Array.from({ length: 0x800 }, (_, i) => String.fromCharCode(0xd800 + i)),
  };
}

export function codeOf(unit: string): string {
  return `U\\+${unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function xmlCases(
  validBody: (kind: 'contacts' | 'organisations') => Record<string, unknown>,
): XmlCase[] {
  const { nonSurrogates, surrogates } = forbiddenCodeUnits();
  const boundaries = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
  const cases: XmlCase[] = [];
  for (const unit of [...nonSurrogates, ...boundaries]) {
    for (const position of XML_POSITIONS) {
      const body = validBody(position.kind);
      position.place(body, unit);
      cases.push({ kind: position.kind, body, problems: [position.problem(codeOf(unit))] });
    }
  }
  const contactPositions = XML_POSITIONS.filter((p) => p.kind === 'contacts');
  for (const unit of [...nonSurrogates, ...surrogates]) {
    const body = validBody('contacts');
    for (const position of contactPositions) position.place(body, unit);
    cases.push({ kind: 'contacts', body, problems: contactPositions.map((p) => p.problem(codeOf(unit))) });
  }
  return cases;
}
