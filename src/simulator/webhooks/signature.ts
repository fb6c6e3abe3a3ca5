import { createHmac } from 'node:crypto';

/**
 * `X-Arlo-Signature`: Base64 of HMAC-SHA512 over the raw body bytes, keyed with the Base64-DECODED key
 * bytes (webhooks.txt, "Validating callbacks", steps 3-7).
 */
export function signPayload(body: string, keyBase64: string): string {
  return createHmac('sha512', Buffer.from(keyBase64, 'base64')).update(body, 'utf8').digest('base64');
}
