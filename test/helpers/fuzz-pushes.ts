/**
 * Generators for the push endpoint's fuzz test: each case is a request with the status the endpoint
 * must answer and, for a 400 whose cause is known, the problem lines it must hold. Most are invalid and
 * cheap (fuzz-push-xml.ts puts every XML-forbidden code unit in every string position; the rest are
 * schema, JSON, duplicate-key, authentication, media-type and size errors); a small share are valid
 * pushes sent with `wait: false`, which must be accepted (202) and write to the simulator. Every draw
 * comes from a seeded PRNG, so a failing case replays from the printed seed and index.
 */
import type { Prng } from '../../src/simulator/prng';
import type { HttpFuzzRequest } from './fuzz-callbacks';
import { xmlCases, type XmlCase } from './fuzz-push-xml';
import { invalidSchemaBody, invalidJsonBody, duplicateKeyBody } from './fuzz-push-invalid';

export const PUSH_FUZZ_CATEGORIES = [
  'xml',
  'valid',
  'schema',
  'invalid-json',
  'invalid-utf8',
  'duplicate-key',
  'unauthorised',
  'wrong-content-type',
  'too-large',
] as const;
export type PushFuzzCategory = (typeof PUSH_FUZZ_CATEGORIES)[number];
export type PushKind = 'contacts' | 'organisations';

export interface PushFuzzCase {
  readonly index: number;
  readonly category: PushFuzzCategory;
  readonly kind: PushKind;
  readonly request: HttpFuzzRequest;
  readonly expectedStatus: number;
  /** Each must match one line of the 400's `problems` (or its `error`), in any order. */
  readonly expectedProblems: readonly RegExp[];
  /** Valid pushes: the record they are for. */
  readonly accepted?: { readonly kind: PushKind; readonly externalId: string };
}

export interface PushFuzzTarget {
  readonly platform: string;
  readonly token: string;
  readonly maxBodyBytes: number;
  /** Prefix of every valid push's external ID, unique to the run. */
  readonly idPrefix: string;
  /** Owned custom field of Contacts (the test's ownership file). */
  readonly customField: string;
  readonly totalCases: number;
}

/** Relative weights of the drawn (non-XML) categories. Valid pushes write to Arlo: keep them rare. */
const WEIGHTS: Readonly<Record<Exclude<PushFuzzCategory, 'xml'>, number>> = {
  valid: 2,
  schema: 36,
  'invalid-json': 18,
  'invalid-utf8': 5,
  'duplicate-key': 14,
  unauthorised: 12,
  'wrong-content-type': 10,
  'too-large': 1,
};

const TEXT = [
  'Sam',
  'Zoë',
  'Ōtautahi',
  'O’Brien & Sons <Ltd>',
  '李',
  '😀 smile',
  'tab\there',
  'two\nlines',
  'rtl\u202eltr',
];
const ADDRESS_FIELDS = ['StreetLine1', 'City', 'PostCode', 'Country'] as const;

export class PushFuzzFactory {
  private readonly xml: readonly XmlCase[];
  private readonly drawn: Exclude<PushFuzzCategory, 'xml'>[];
  private xmlTaken = 0;

  constructor(
    private readonly prng: Prng,
    private readonly target: PushFuzzTarget,
  ) {
    this.xml = xmlCases((kind) => this.validBody(kind));
    this.drawn = (Object.keys(WEIGHTS) as Exclude<PushFuzzCategory, 'xml'>[]).flatMap((c) =>
      Array.from({ length: WEIGHTS[c] }, () => c),
    );
  }

  get xmlCaseCount(): number {
    return this.xml.length;
  }

  /** The XML cases are spread evenly over the run; the other categories are drawn in between. */
  next(index: number): PushFuzzCase {
    const total = this.target.totalCases;
    const xmlDue =
      Math.floor(((index + 1) * this.xml.length) / total) > Math.floor((index * this.xml.length) / total);
    if (xmlDue && this.xmlTaken < this.xml.length) {
      const xml = this.xml[this.xmlTaken++] as XmlCase;
      return this.build(index, 'xml', xml.kind, this.json(xml.body), 400, xml.problems);
    }
    return this.drawCase(index, this.prng.pick(this.drawn));
  }

  private drawCase(index: number, category: Exclude<PushFuzzCategory, 'xml'>): PushFuzzCase {
    const prng = this.prng;
    const kind: PushKind = prng.chance(0.7) ? 'contacts' : 'organisations';
    switch (category) {
      case 'valid': {
        const { body, externalId } = this.validPush(kind);
        return {
          ...this.build(index, category, kind, this.json(body), 202, []),
          accepted: { kind, externalId },
        };
      }
      case 'schema': {
        const invalid = invalidSchemaBody(prng, this.validBody(kind), kind);
        return this.build(index, category, kind, this.json(invalid.body), 400, [invalid.problem]);
      }
      case 'invalid-json': {
        const invalid = invalidJsonBody(prng, JSON.stringify(this.validBody(kind)));
        return this.build(index, category, kind, invalid.body, 400, invalid.problem ? [invalid.problem] : []);
      }
      case 'invalid-utf8': {
        const valid = JSON.stringify(this.validBody(kind));
        const at = valid.indexOf('"', valid.indexOf(':') + 1) + 1;
        const bad = Buffer.from(
          prng.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80]]),
        );
        const body = Buffer.concat([Buffer.from(valid.slice(0, at)), bad, Buffer.from(valid.slice(at))]);
        return this.build(index, category, kind, body, 400, [/^the body is not valid UTF-8$/]);
      }
      case 'duplicate-key': {
        const duplicate = duplicateKeyBody(prng, this.validBody(kind));
        return this.build(index, category, kind, Buffer.from(duplicate.body), 400, [duplicate.problem]);
      }
      case 'unauthorised': {
        const request = this.request(this.json(this.validBody(kind)));
        const headers: Record<string, string> = { ...request.headers };
        const token = this.target.token;
        const variant = prng.int(6);
        if (variant === 0) delete headers.Authorization;
        else {
          headers.Authorization = [
            '',
            `Bearer ${token.toUpperCase()}`,
            `Bearer ${token.slice(0, -1)}`,
            `Basic ${Buffer.from(`user:${token}`).toString('base64')}`,
            `Bearer ${token}x`,
          ][variant - 1] as string;
        }
        return {
          ...this.build(index, category, kind, request.body, 401, []),
          request: { ...request, headers },
        };
      }
      case 'wrong-content-type': {
        const request = this.request(this.json(this.validBody(kind)));
        const headers: Record<string, string> = { ...request.headers };
        const type = prng.pick([
          '',
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
        ]);
        if (type === '') delete headers['Content-Type'];
        else headers['Content-Type'] = type;
        return {
          ...this.build(index, category, kind, request.body, 415, []),
          request: { ...request, headers },
        };
      }
      case 'too-large': {
        const size = this.target.maxBodyBytes + 1 + prng.int(this.target.maxBodyBytes * 2);
        const body = Buffer.alloc(size, ' ');
        body.write('{"externalId":"HR-1","fields":{"FirstName":"');
        return this.build(index, category, kind, body, 413, []);
      }
    }
  }

  /** A body that passes every check, for one position to break. */
  validBody(kind: PushKind): Record<string, unknown> {
    return kind === 'contacts'
      ? {
          externalId: 'HR-1',
          platform: this.target.platform,
          fields: { FirstName: 'Sam', LastName: 'Lee' },
          wait: false,
        }
      : { externalId: 'CRM-1', platform: this.target.platform, fields: { Name: 'Acme' }, wait: false };
  }

  /** A valid push sent with wait:false: a new or known record, sometimes a dry run or one Arlo refuses. */
  private validPush(kind: PushKind): { body: Record<string, unknown>; externalId: string } {
    const prng = this.prng;
    const plain = `${this.target.idPrefix}-${kind === 'contacts' ? 'c' : 'o'}${prng.int(kind === 'contacts' ? 40 : 15)}`;
    // Some IDs carry text XML can hold however odd (the probe's, minus its NUL); only plain ones are a CodePrimary.
    const externalId = prng.chance(0.2) ? `${plain}-ü\u202e\nX` : plain;
    const text = () => prng.pick(TEXT);
    // Now and then no last name (Contact) or name (Organisation): Arlo refuses to create such a record.
    const named = prng.chance(0.9);
    const fields: Record<string, string> =
      kind === 'contacts'
        ? { FirstName: text(), ...(named ? { LastName: text() } : {}) }
        : { LegalName: text(), ...(named ? { Name: text() } : {}) };
    if (externalId === plain && prng.chance(0.5)) fields.CodePrimary = plain;
    const body: Record<string, unknown> = { externalId, platform: this.target.platform, fields, wait: false };
    if (prng.chance(0.3)) {
      const address = Object.fromEntries(
        ADDRESS_FIELDS.filter(() => prng.chance(0.5)).map((f) => [f, text()]),
      );
      body.postalAddress = { City: text(), ...address };
    }
    if (kind === 'contacts' && prng.chance(0.3)) body.employment = { position: text() };
    if (kind === 'contacts' && prng.chance(0.15)) body.customFields = { [this.target.customField]: text() };
    if (prng.chance(0.3)) body.deepLink = `https://hr.example/people/${encodeURIComponent(externalId)}`;
    if (prng.chance(0.25)) body.dryRun = true;
    return { body, externalId };
  }

  private json(body: Record<string, unknown>): Buffer {
    return Buffer.from(JSON.stringify(body));
  }

  private request(body: Buffer): HttpFuzzRequest {
    return {
      kind: 'http',
      body,
      chunked: false,
      headers: { Authorization: `Bearer ${this.target.token}`, 'Content-Type': 'application/json' },
    };
  }

  private build(
    index: number,
    category: PushFuzzCategory,
    kind: PushKind,
    body: Buffer,
    expectedStatus: number,
    expectedProblems: readonly RegExp[],
  ): PushFuzzCase {
    return { index, category, kind, request: this.request(body), expectedStatus, expectedProblems };
  }
}
