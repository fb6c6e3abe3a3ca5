/**
 * Signed notifications, by the Standard Webhooks specification (https://www.standardwebhooks.com):
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + Base64 of
 * HMAC-SHA256 over `id.timestamp.body`, keyed with the secret's bytes after `whsec_`). The reference
 * library (`standardwebhooks`) signs and verifies; `verifyNotification` also refuses a timestamp more
 * than five minutes away (a replay) and a payload that is not a notification of this feed.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

import { NOTIFICATION_TYPES, type FeedNotification } from '../domain/change-feed';

export interface NotificationHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** The three headers of one delivery; the same `id` on every retry of it. */
export function signNotification(
  secret: string,
  id: string,
  sentAt: Date,
  body: string,
): NotificationHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, sentAt, body),
  };
}

export class NotificationVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotificationVerificationError';
  }
}

export interface VerifyNotificationInput {
  /** The consumer's secret (`whsec_...`), as configured for it in arlo-sync. */
  readonly secret: string;
  /** The request's headers (any case; Node's `IncomingHttpHeaders` fits). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>> | NotificationHeaders;
  /** The body exactly as received: verify before parsing. */
  readonly body: string | Buffer;
}

/**
 * Verifies a delivery and returns its notification; throws NotificationVerificationError for a missing
 * header, a wrong signature (tampered body, wrong secret), a timestamp older or newer than five minutes,
 * or a payload that is not one of this feed's notifications.
 */
export function verifyNotification(input: VerifyNotificationInput): FeedNotification {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  let payload: unknown;
  try {
    payload = new Webhook(input.secret).verify(input.body, headers);
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      throw new NotificationVerificationError(`notification refused: ${error.message}`);
    }
    throw new NotificationVerificationError(`notification refused: ${(error as Error).message}`);
  }
  const type = (payload as { type?: unknown } | null)?.type;
  if (!Object.values(NOTIFICATION_TYPES).includes(type as never)) {
    throw new NotificationVerificationError(`notification refused: unknown type ${JSON.stringify(type)}`);
  }
  return payload as FeedNotification;
}
