/**
 * Generators for the receiver's fuzz test: random and mutated webhook callbacks, each with the status
 * the receiver must answer (see the order of checks in src/http/webhook-router.ts) and, for the valid
 * controls mixed in, the events whose workflows must start. Every draw comes from a seeded PRNG, so a
 * failing case can be replayed from the printed seed and index.
 *
 * Event IDs are unique per case (`2^60 + index * 1000 + n`), so any workflow that starts can be traced
 * back to the case that started it.
 */
import type { ArloEvent } from '../../src/domain/arlo-event';
import { computeArloSignature, decodeWebhookKey } from '../../src/http/webhook-signature';
import type { Prng } from '../../src/simulator/prng';

export const FUZZ_CATEGORIES = [
  'control',
  'bad-signature',
  'mutated-body',
  'truncated-body',
  'unknown-platform',
  'missing-signature',
  'huge-declared',
  'huge-chunked',
  'wrong-content-type',
  'invalid-json',
  'invalid-id',
  'unicode',
  'header-injection',
  'malformed-http',
] as const;
export type FuzzCategory = (typeof FUZZ_CATEGORIES)[number];

/** A request sent through node:http (`http`), or bytes written to a bare TCP socket (`raw`). */
export interface HttpFuzzRequest {
  readonly kind: 'http';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Sent with Transfer-Encoding: chunked in pieces, without Content-Length. */
  readonly chunked: boolean;
}
export type FuzzRequest = HttpFuzzRequest | { readonly kind: 'raw'; readonly bytes: Buffer };

export interface FuzzCase {
  readonly index: number;
  readonly category: FuzzCategory;
  readonly request: FuzzRequest;
  readonly expectedStatus: number;
  /** Only for controls: the events whose workflows must start. */
  readonly events: readonly ArloEvent[];
}

export interface FuzzTarget {
  readonly platform: string;
  readonly keyBase64: string;
  readonly wrongKeyBase64: string;
  readonly path: string;
  readonly maxBodyBytes: number;
}

/** How often each category is drawn (relative weights). Controls are real Temporal starts: keep them rarer. */
const WEIGHTS: Readonly<Record<FuzzCategory, number>> = {
  control: 3,
  'bad-signature': 12,
  'mutated-body': 10,
  'truncated-body': 6,
  'unknown-platform': 8,
  'missing-signature': 4,
  'huge-declared': 1,
  'huge-chunked': 1,
  'wrong-content-type': 8,
  'invalid-json': 12,
  'invalid-id': 12,
  unicode: 10,
  'header-injection': 6,
  'malformed-http': 7,
};

const RESOURCES = ['Contact', 'Organisation', 'Registration', 'Event', 'Order'] as const;
const JSON_UTF8 = 'application/json; charset=utf-8';

export function eventIdFor(caseIndex: number, n: number): string {
  return (2n ** 60n + BigInt(caseIndex) * 1000n + BigInt(n)).toString();
}

function validEvents(prng: Prng, index: number, count: number): ArloEvent[] {
  return Array.from({ length: count }, (_, n) => {
    const resourceType = prng.pick(RESOURCES);
    return {
      id: eventIdFor(index, n),
      dateTime: '2023-07-18T00:02:55.7577072Z',
      type: `${resourceType}.${prng.pick(['Created', 'Updated'])}`,
      resourceType,
      resourceId: String(prng.between(1, 2_000_000_000)),
    };
  });
}

function randomBytes(prng: Prng, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = prng.int(256);
  return bytes;
}

function randomBase64(prng: Prng, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return Array.from({ length }, () => alphabet[prng.int(alphabet.length)]).join('');
}

export class FuzzCaseFactory {
  private readonly key: Buffer;
  private readonly wrongKey: Buffer;
  private readonly categories: FuzzCategory[];

  constructor(
    private readonly prng: Prng,
    private readonly target: FuzzTarget,
  ) {
    this.key = decodeWebhookKey(target.keyBase64);
    this.wrongKey = decodeWebhookKey(target.wrongKeyBase64);
    this.categories = FUZZ_CATEGORIES.flatMap((c) => Array.from({ length: WEIGHTS[c] }, () => c));
  }

  next(index: number): FuzzCase {
    const category = this.prng.pick(this.categories);
    const build = (expectedStatus: number, request: FuzzRequest, events: readonly ArloEvent[] = []) => ({
      index,
      category,
      request,
      expectedStatus,
      events,
    });
    const prng = this.prng;
    switch (category) {
      case 'control': {
        const events = validEvents(prng, index, prng.between(1, 3));
        return build(200, this.signed(Buffer.from(JSON.stringify({ events }))), events);
      }
      case 'bad-signature':
        return build(401, this.withSignature(this.validBody(index), this.badSignature(index)));
      case 'mutated-body': {
        const body = this.validBody(index);
        const signature = this.sign(body);
        return build(401, this.withSignature(this.mutate(body), signature));
      }
      case 'truncated-body': {
        const body = this.validBody(index);
        return build(401, this.withSignature(body.subarray(0, prng.int(body.length)), this.sign(body)));
      }
      case 'unknown-platform': {
        const request = this.signed(this.validBody(index));
        const platform = prng.pick([
          '',
          'evil.arlo.co',
          `${this.target.platform}.evil.example`,
          `${this.target.platform} `.repeat(prng.between(1, 3)).trim() + 'x',
          // UTF-8 bytes read as Latin-1 by the server: never a configured name.
          Buffer.from(`démo.arlo.co`, 'utf8').toString('latin1'),
          'x'.repeat(prng.between(200, 4000)),
        ]);
        return build(401, { ...request, headers: { ...request.headers, 'X-Arlo-Platform': platform } });
      }
      case 'missing-signature': {
        const request = this.signed(this.validBody(index));
        const { 'X-Arlo-Signature': _dropped, ...headers } = request.headers;
        return build(
          401,
          prng.chance(0.5)
            ? { ...request, headers }
            : { ...request, headers: { ...headers, 'X-Arlo-Signature': '' } },
        );
      }
      case 'huge-declared':
      case 'huge-chunked': {
        const size = this.target.maxBodyBytes + 1 + prng.int(this.target.maxBodyBytes * 8);
        const body = Buffer.alloc(size, '{"events":[');
        return build(413, { ...this.signed(body), chunked: category === 'huge-chunked' });
      }
      case 'wrong-content-type': {
        const request = this.signed(this.validBody(index));
        const headers: Record<string, string> = { ...request.headers };
        const variant = prng.int(7);
        if (variant === 0) delete headers['Content-Type'];
        else if (variant === 1) headers['Content-Encoding'] = prng.pick(['gzip', 'deflate', 'br']);
        else
          headers['Content-Type'] = prng.pick([
            'text/plain',
            'application/xml',
            'application/json; charset=latin1',
            'application/json; charset=utf-16',
            'multipart/form-data; boundary=x',
            'application/x-www-form-urlencoded',
          ]);
        return build(415, { ...request, headers });
      }
      case 'invalid-json':
        return build(400, this.signed(this.invalidJson(index)));
      case 'invalid-id':
        return build(400, this.signed(Buffer.from(this.invalidIdPayload(index))));
      case 'unicode':
        return build(400, this.signed(this.unicodePayload(index)));
      case 'header-injection':
        return build(401, this.injectionAttempt(index));
      case 'malformed-http':
        return build(400, { kind: 'raw', bytes: this.malformedHttp(index) });
    }
  }

  private validBody(index: number): Buffer {
    return Buffer.from(JSON.stringify({ events: validEvents(this.prng, index, this.prng.between(1, 10)) }));
  }

  private sign(body: Buffer): string {
    return computeArloSignature(body, this.key);
  }

  private withSignature(body: Buffer, signature: string): HttpFuzzRequest {
    return {
      kind: 'http',
      body,
      chunked: false,
      headers: {
        'Content-Type': JSON_UTF8,
        'X-Arlo-Platform': this.target.platform,
        'X-Arlo-Signature': signature,
      },
    };
  }

  private signed(body: Buffer): HttpFuzzRequest {
    return this.withSignature(body, this.sign(body));
  }

  private badSignature(index: number): string {
    const prng = this.prng;
    const body = this.validBody(index);
    const genuine = this.sign(body);
    switch (prng.int(7)) {
      case 0:
        return randomBase64(prng, 86) + '==';
      case 1:
        return randomBase64(prng, prng.between(1, 300));
      case 2:
        return computeArloSignature(body, this.wrongKey);
      case 3: // right signature, one letter in the other case: the comparison is case-sensitive
        return genuine.replace(/[A-Za-z]/, (c) =>
          c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
        );
      case 4: // unpadded: lenient Base64 decoding would accept it, the text comparison must not
        return genuine.replace(/=+$/, '');
      case 5:
        return Buffer.from(genuine, 'base64').toString('hex');
      default:
        return `${genuine} `.repeat(prng.between(1, 3)) + ',';
    }
  }

  private mutate(body: Buffer): Buffer {
    const prng = this.prng;
    const copy = Buffer.from(body);
    switch (prng.int(4)) {
      case 0: {
        const at = prng.int(copy.length);
        copy[at] = (copy[at] ?? 0) ^ (1 << prng.int(8));
        return copy;
      }
      case 1:
        return Buffer.concat([copy, randomBytes(prng, prng.between(1, 64))]);
      case 2:
        return Buffer.concat([Buffer.from(' '), copy]);
      default: // a replayed body whose ID was changed: the classic tampering
        return Buffer.from(copy.toString('utf8').replace(/"id":"(\d)/, '"id":"9$1'));
    }
  }

  private invalidJson(index: number): Buffer {
    const prng = this.prng;
    const valid = this.validBody(index).toString('utf8');
    switch (prng.int(10)) {
      case 0:
        return Buffer.from(valid.slice(0, prng.int(valid.length)));
      case 1:
        return randomBytes(prng, prng.between(0, 2000));
      case 2:
        return Buffer.from(
          prng.pick(['null', '[]', '{}', '""', '0', 'true', '{"events":null}', '{"events":{}}']),
        );
      case 3:
        return Buffer.from('{"events":[]}');
      case 4:
        return Buffer.from(JSON.stringify({ events: validEvents(prng, index, 101) }));
      case 5: {
        const depth = prng.between(1000, 10_000);
        return Buffer.from('['.repeat(depth) + ']'.repeat(depth));
      }
      case 6:
        return Buffer.from(
          `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"events":"no"}`,
        );
      case 7:
        return Buffer.from(valid.replace(/"/g, "'"));
      case 8: // events with a field missing
        return Buffer.from(valid.replace(/"resourceId":"\d+"/, ''));
      default:
        return Buffer.from(`${valid},${valid}`);
    }
  }

  private invalidIdPayload(index: number): string {
    const prng = this.prng;
    const [event] = validEvents(prng, index, 1);
    const badId = prng.pick<unknown>([
      108,
      Number(eventIdFor(index, 0)),
      '-1',
      '0108',
      '9223372036854775808',
      '18446744073709551616',
      '0x6c',
      '1e5',
      ' 108',
      '108 ',
      '',
      '١٠٨',
      '１０８',
      null,
      ['108'],
      { $gt: '' },
      '108\u0000',
    ]);
    const badResource = prng.pick<unknown>([
      'abc',
      '-5',
      '1.5',
      'f1d7b698-3c22-45df-9740-066f3594daa0x',
      7,
      '',
    ]);
    const mutated = prng.chance(0.7) ? { ...event, id: badId } : { ...event, resourceId: badResource };
    return JSON.stringify({ events: [mutated] });
  }

  private unicodePayload(index: number): Buffer {
    const prng = this.prng;
    const [event] = validEvents(prng, index, 1);
    switch (prng.int(6)) {
      case 0:
        return Buffer.from(JSON.stringify({ events: [{ ...event, type: 'Contact.Üpdated' }] }));
      case 1:
        return Buffer.from(JSON.stringify({ events: [{ ...event, resourceType: 'Cont\u200bact' }] }));
      case 2: // a lone surrogate, escaped: valid JSON, not a valid name
        return Buffer.from(JSON.stringify({ events: [{ ...event, type: 'X' }] }).replace('"X"', '"\\ud800"'));
      case 3: // invalid UTF-8 bytes inside a string
        return Buffer.concat([
          Buffer.from('{"events":[{"id":"'),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
          Buffer.from('"}]}'),
        ]);
      case 4:
        return Buffer.from(
          JSON.stringify({ events: [{ ...event, resourceId: '😀'.repeat(prng.between(1, 50)) }] }),
        );
      default: // right-to-left override and combining marks in the type
        return Buffer.from(JSON.stringify({ events: [{ ...event, type: 'Contact.\u202eUpdated\u0301' }] }));
    }
  }

  /**
   * Header values that try to inject a header into the answer (through X-Request-Id, the only request
   * header echoed) or confuse routing. The signature is wrong, so 401; the test also checks that nothing
   * of the offered value comes back.
   */
  private injectionAttempt(index: number): HttpFuzzRequest {
    const prng = this.prng;
    const request = this.withSignature(this.validBody(index), randomBase64(prng, 86) + '==');
    const value = prng.pick([
      'abc\tSet-Cookie: injected=1',
      'abc%0d%0aSet-Cookie:%20injected=1',
      Buffer.from('abc\u2028X-Injected: 1', 'utf8').toString('latin1'),
      'a'.repeat(101),
      'a b',
      '../../etc/passwd',
    ]);
    return {
      ...request,
      headers: { ...request.headers, 'X-Request-Id': value, 'X-Forwarded-For': '127.0.0.1\tX-Injected: 1' },
    };
  }

  /** Requests Node's HTTP parser must refuse with 400 before the app sees them. */
  private malformedHttp(index: number): Buffer {
    const prng = this.prng;
    const body = this.validBody(index);
    const signature = this.sign(body);
    const start = `POST ${this.target.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
    const common = `X-Arlo-Platform: ${this.target.platform}\r\nX-Arlo-Signature: ${signature}\r\nContent-Type: ${JSON_UTF8}\r\n`;
    const variants = [
      // CRLF injection attempts: a bare CR or LF, or a NUL, inside a header value.
      `${start}X-Request-Id: abc\rSet-Cookie: injected=1\r\n${common}Content-Length: ${body.length}\r\n\r\n`,
      `${start}X-Request-Id: abc\nSet-Cookie: injected=1\r\n${common}Content-Length: ${body.length}\r\n\r\n`,
      `${start}X-Request-Id: abc\u0000def\r\n${common}Content-Length: ${body.length}\r\n\r\n`,
      // Obsolete line folding.
      `${start}X-Request-Id: abc\r\n Set-Cookie: injected=1\r\n${common}Content-Length: ${body.length}\r\n\r\n`,
      // Request smuggling: two different lengths, or a length and chunked together.
      `${start}${common}Content-Length: ${body.length}\r\nContent-Length: ${body.length + 1}\r\n\r\n`,
      `${start}${common}Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      `${start}${common}Content-Length: -${body.length}\r\n\r\n`,
      `${start}${common}Content-Length: 1${'0'.repeat(30)}\r\n\r\n`,
      // A header name with a space, a request line with garbage.
      `${start}X Arlo Platform: ${this.target.platform}\r\n${common}Content-Length: ${body.length}\r\n\r\n`,
      `POST ${this.target.path} HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n${common}Content-Length: ${body.length}\r\n\r\n`,
    ];
    return Buffer.concat([Buffer.from(prng.pick(variants), 'latin1'), body]);
  }
}
