import { ApplicationFailure } from '@temporalio/common';

import { NOTIFICATION_TYPES, parseCursor, type FeedNotification } from '../../src/domain/change-feed';
import {
  CONSUMER_NOT_CONFIGURED,
  FEED_CURSOR_EXPIRED,
  type DeliverFeedBatchInput,
} from '../../src/domain/feed-delivery';
import { signNotification } from '../../src/feed/notification-signature';
import { recordNotification } from '../../src/metrics/feed-metrics';
import { readFeedPage } from '../../src/store/feed/feed-page';
import { FeedCursorExpiredError } from '../../src/store/feed/feed-reader';
import type { FeedActivityDeps } from './feed-deps';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * ONE POST of one batch to the consumer's endpoint, signed by the Standard Webhooks scheme. The batch is
 * exactly the positions (after, through] the workflow announced, re-read from the feed (its documents
 * never change), and its `webhook-id` is the same on every attempt, so a consumer can tell a retry from
 * new changes. Any answer but 2xx, a timeout or a dropped connection fails the attempt; the workflow
 * retries with backoff and records the error for operators.
 */
export function createDeliverFeedBatch(deps: FeedActivityDeps) {
  const timeoutMs = deps.deliveryTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async function deliverFeedBatch(input: DeliverFeedBatchInput): Promise<{ changes: number }> {
    const consumer = deps.consumers.find((c) => c.name === input.consumer);
    if (!consumer) {
      throw ApplicationFailure.nonRetryable(
        `consumer ${input.consumer} is no longer configured (CONSUMER_WEBHOOK_* / CONSUMER_WEBHOOKS_FILE)`,
        CONSUMER_NOT_CONFIGURED,
      );
    }
    const after = parseCursor(input.after) ?? 0;
    const through = parseCursor(input.through) ?? 0;
    const sentAt = new Date();
    let notification: FeedNotification;
    if (input.expired) {
      notification = {
        type: NOTIFICATION_TYPES.expired,
        timestamp: sentAt.toISOString(),
        data: { platform: input.platform, after: input.after, next: input.through },
      };
    } else {
      const page = await readBatch(deps, input.platform, after, through);
      notification = {
        type: NOTIFICATION_TYPES.changes,
        timestamp: sentAt.toISOString(),
        data: { ...page, after: input.after },
      };
    }
    const changes = notification.type === NOTIFICATION_TYPES.changes ? notification.data.changes.length : 0;
    const body = JSON.stringify(notification);
    const id = `${input.platform}:${input.after}-${input.through}${input.expired ? ':expired' : ''}`;
    try {
      const response = await fetch(consumer.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...signNotification(consumer.secret, id, sentAt, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok)
        throw new Error(`the consumer answered ${response.status} ${response.statusText}`.trim());
    } catch (error) {
      recordNotification(input.consumer, input.platform, 'failed', changes);
      throw ApplicationFailure.retryable(describe(error, timeoutMs), 'FeedDeliveryFailed');
    }
    recordNotification(input.consumer, input.platform, 'delivered', changes);
    return { changes };
  };
}

/** The batch's changes; its positions are decided, so only retention can take them away meanwhile. */
async function readBatch(deps: FeedActivityDeps, platform: string, after: number, through: number) {
  try {
    return (
      await readFeedPage(deps.db, platform, { after, until: through, limit: Math.max(1, through - after) })
    ).page;
  } catch (error) {
    if (error instanceof FeedCursorExpiredError) {
      throw ApplicationFailure.nonRetryable(error.message, FEED_CURSOR_EXPIRED);
    }
    throw error;
  }
}

/** One line an operator can act on; never the secret, never the body. */
function describe(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  if (err.cause?.code) return `cannot reach the consumer: ${err.cause.code}`;
  return err.message ?? String(error);
}
