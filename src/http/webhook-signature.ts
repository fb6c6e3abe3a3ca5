/**
 * Arlo's callback signature (webhooks.txt, "Validating callbacks"; api-notes.md, "Webhooks"): Base64 of
 * HMAC-SHA512 over the raw request body bytes, keyed with the Base64-DECODED bytes of the endpoint key,
 * compared case-sensitively with `X-Arlo-Signature`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The key's bytes. Decoded once at start-up, never turned into a string: a key whose bytes are not
 * valid UTF-8 would otherwise sign differently from Arlo's C# sample.
 */
export function decodeWebhookKey(keyBase64: string): Buffer {
  if (!BASE64.test(keyBase64) || keyBase64.length % 4 !== 0) {
    throw new TypeError('webhook key is not Base64 as Arlo returned it when the endpoint was registered');
  }
  return Buffer.from(keyBase64, 'base64');
}

export function computeArloSignature(body: Uint8Array, keyBytes: Uint8Array): string {
  return createHmac('sha512', keyBytes).update(body).digest('base64');
}

/**
 * True when `claimed` is the signature of `body` under any of `keys` (two during a key rotation).
 * The Base64 TEXT is compared, as Arlo specifies, not decoded bytes: Base64 decoding is lenient
 * (missing padding, stray characters) and would accept strings Arlo never sent. Every key is tried,
 * without stopping at a match, so the time taken says nothing about which key matched.
 */
export function isValidArloSignature(
  body: Uint8Array,
  claimed: string,
  keys: readonly Uint8Array[],
): boolean {
  const claimedBytes = Buffer.from(claimed, 'utf8');
  let valid = false;
  for (const key of keys) {
    const expected = Buffer.from(computeArloSignature(body, key), 'utf8');
    // timingSafeEqual needs equal lengths; the length of a real signature (88 characters) is public.
    if (expected.length === claimedBytes.length && timingSafeEqual(expected, claimedBytes)) valid = true;
  }
  return valid;
}
