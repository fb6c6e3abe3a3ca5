/**
 * Builds webhook callbacks as Arlo sends them (webhooks.txt), signed with a given key, and posts them
 * over real HTTP. Shared by the receiver's unit and integration tests.
 */
import { randomInt } from 'node:crypto';

import type { ArloEvent } from '../../src/domain/arlo-event';
import { computeArloSignature, decodeWebhookKey } from '../../src/http/webhook-signature';

/** A syntactically valid Base64 key of 32 random-looking bytes, distinct per seed. */
export function testWebhookKey(seed: string): string {
  return Buffer.from(seed.padEnd(32, '#').slice(0, 32)).toString('base64');
}

/** A fresh event ID above 2^53, so any accidental number conversion would show. */
export function bigEventId(): string {
  return (2n ** 60n + BigInt(randomInt(0, 2 ** 47)) * 1000n + BigInt(randomInt(0, 1000))).toString();
}

export function contactEvent(overrides: Partial<ArloEvent> = {}): ArloEvent {
  return {
    id: bigEventId(),
    dateTime: '2023-07-18T00:02:55.7577072Z',
    type: 'Contact.Updated',
    resourceType: 'Contact',
    resourceId: String(randomInt(1, 1_000_000)),
    ...overrides,
  };
}

export interface CallbackRequest {
  readonly body: string | Buffer;
  readonly headers: Record<string, string>;
}

export function signedCallback(
  events: readonly ArloEvent[],
  options: { platform: string; keyBase64: string },
): CallbackRequest {
  const body = JSON.stringify({ events });
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Arlo-Platform': options.platform,
      'X-Arlo-Signature': computeArloSignature(Buffer.from(body), decodeWebhookKey(options.keyBase64)),
    },
  };
}

export async function post(url: string, request: CallbackRequest): Promise<Response> {
  return fetch(url, { method: 'POST', headers: request.headers, body: request.body });
}
