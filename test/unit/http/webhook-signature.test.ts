import {
  computeArloSignature,
  decodeWebhookKey,
  isValidArloSignature,
} from '../../../src/http/webhook-signature';

// The example of webhooks.txt, "Validating callbacks", byte for byte.
const EXAMPLE_KEY = 'elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx';
const EXAMPLE_BODY =
  '{"events":[{"id":"108","dateTime":"2023-07-18T00:02:55.7577072Z","type":"Contact.Updated","resourceType":"Contact","resourceId":"2"}]}';
const EXAMPLE_SIGNATURE =
  'OQjMwAcQXVIfncRRqznUsibyO3qyjJQYSKI3sAMkFO+0aumoPx1xdw8Wz2iuamfpXBtJvBrPAAIU1gOT4L0V+g==';

const body = Buffer.from(EXAMPLE_BODY, 'utf8');
const key = decodeWebhookKey(EXAMPLE_KEY);
const otherKey = decodeWebhookKey(Buffer.from('another secret key of 24 bytes!!').toString('base64'));

describe('Arlo webhook signature', () => {
  it('computes the signature of the webhooks.txt example', () => {
    expect(body.length).toBe(134); // the example's Content-Length
    expect(computeArloSignature(body, key)).toBe(EXAMPLE_SIGNATURE);
  });

  it('accepts the example signature', () => {
    expect(isValidArloSignature(body, EXAMPLE_SIGNATURE, [key])).toBe(true);
  });

  it('rejects an altered body', () => {
    const altered = Buffer.from(EXAMPLE_BODY.replace('"108"', '"109"'), 'utf8');
    expect(isValidArloSignature(altered, EXAMPLE_SIGNATURE, [key])).toBe(false);
  });

  it('rejects a body that differs only in whitespace (the bytes are signed, not the JSON)', () => {
    expect(isValidArloSignature(Buffer.from(`${EXAMPLE_BODY}\n`), EXAMPLE_SIGNATURE, [key])).toBe(false);
  });

  it('rejects an altered signature', () => {
    const altered = `A${EXAMPLE_SIGNATURE.slice(1)}`;
    expect(isValidArloSignature(body, altered, [key])).toBe(false);
  });

  it('compares case-sensitively', () => {
    expect(isValidArloSignature(body, EXAMPLE_SIGNATURE.toLowerCase(), [key])).toBe(false);
    expect(isValidArloSignature(body, EXAMPLE_SIGNATURE.toUpperCase(), [key])).toBe(false);
  });

  it('rejects a signature of another length, including one without its padding', () => {
    expect(isValidArloSignature(body, EXAMPLE_SIGNATURE.replace(/=+$/, ''), [key])).toBe(false);
    expect(isValidArloSignature(body, `${EXAMPLE_SIGNATURE}==`, [key])).toBe(false);
    expect(isValidArloSignature(body, '', [key])).toBe(false);
  });

  it('rejects the right signature under the wrong key', () => {
    expect(isValidArloSignature(body, EXAMPLE_SIGNATURE, [otherKey])).toBe(false);
  });

  it('accepts either of two keys during a rotation, in any order', () => {
    expect(isValidArloSignature(body, EXAMPLE_SIGNATURE, [otherKey, key])).toBe(true);
    expect(isValidArloSignature(body, EXAMPLE_SIGNATURE, [key, otherKey])).toBe(true);
  });

  it('verifies nothing when no key is configured', () => {
    expect(isValidArloSignature(body, EXAMPLE_SIGNATURE, [])).toBe(false);
  });

  it('keys with the decoded bytes, also when they are not valid UTF-8 (as the C# sample does)', () => {
    const binaryKey = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]);
    const signature = computeArloSignature(body, decodeWebhookKey(binaryKey.toString('base64')));
    const viaUtf8String = computeArloSignature(body, Buffer.from(binaryKey.toString('utf8'), 'utf8'));
    expect(signature).not.toBe(viaUtf8String);
    expect(isValidArloSignature(body, signature, [decodeWebhookKey(binaryKey.toString('base64'))])).toBe(
      true,
    );
  });

  it('refuses a key that is not Base64', () => {
    expect(() => decodeWebhookKey('not base64!')).toThrow(/not Base64/);
    expect(() => decodeWebhookKey('abc')).toThrow(/not Base64/);
  });
});
