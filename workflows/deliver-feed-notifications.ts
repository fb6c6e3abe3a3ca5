/**
 * One consumer's signed notifications for one platform, for as long as the consumer is configured: wait
 * until the platform's change feed moves past the consumer's cursor, deliver that batch (at most
 * CONSUMER_WEBHOOK_BATCH_SIZE changes, in feed order), and move the cursor only once the consumer
 * answered 2xx. A failed delivery is tried again, same batch and same `webhook-id`, after 1 s, 2 s, 4 s ... at most 5 minutes,
 * so a consumer down for hours catches up when it returns; the pull path never waits for it (the feed is
 * in MongoDB; this workflow only reads it).
 *
 * Operators: the `feedDeliveryState` query, the memo (status, cursor, lag, last error) and the
 * ArloPlatform / ArloSyncOutcome search attributes in the Web UI; `arlo-sync doctor` reads the query.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  continueAsNew,
  defineQuery,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

import type { FeedActivities } from '../activities/feed';
import {
  CONSUMER_NOT_CONFIGURED,
  FEED_CURSOR_EXPIRED,
  FEED_DELIVERY_MEMO_KEY,
  FEED_DELIVERY_QUERY,
  deliveryRetryDelayMs,
  initialFeedDeliveryState,
  type FeedBatch,
  type FeedDeliveryInput,
  type FeedDeliveryState,
} from '../src/domain/feed-delivery';
import { searchAttributes } from '../src/domain/search-attributes';

export const feedDeliveryStateQuery = defineQuery<FeedDeliveryState>(FEED_DELIVERY_QUERY);

/** Long-polls MongoDB for new changes; retried on store errors until it answers. */
const { waitForFeedChanges } = proxyActivities<FeedActivities>({
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** One POST; the workflow retries it itself, so that each failure is visible in its state. */
const { deliverFeedBatch } = proxyActivities<FeedActivities>({
  // Longer than the longest answer a consumer may take (CONSUMER_WEBHOOK_TIMEOUT_MS, at most 60 s).
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 1 },
});

const WAIT_MS = 60_000;
/** About 10 history events a batch: continue-as-new well before Temporal's suggestion at worst. */
const MAX_BATCHES_PER_RUN = 500;

export async function deliverFeedNotifications(input: FeedDeliveryInput): Promise<FeedDeliveryState> {
  const { consumer, platform } = input;
  let state = input.state ?? initialFeedDeliveryState(consumer, platform);
  setHandler(feedDeliveryStateQuery, () => state);
  const publish = (next: FeedDeliveryState) => {
    const statusChanged = next.status !== state.status;
    state = next;
    upsertMemo({ [FEED_DELIVERY_MEMO_KEY]: state });
    if (statusChanged) upsertSearchAttributes([{ key: searchAttributes.outcome, value: state.status }]);
  };
  upsertSearchAttributes([
    { key: searchAttributes.platform, value: platform },
    { key: searchAttributes.outcome, value: state.status },
  ]);

  for (let round = 0; round < MAX_BATCHES_PER_RUN && !workflowInfo().continueAsNewSuggested; round++) {
    const batch: FeedBatch = await waitForFeedChanges({
      consumer,
      platform,
      after: state.cursor,
      maxWaitMs: WAIT_MS,
    });
    if (batch.expiredTo !== undefined) {
      // Too far behind: tell the consumer which changes it can no longer get, then go on from there.
      if (!(await deliver(state.cursor, batch.expiredTo, true))) return state;
      publish({ ...state, cursor: batch.expiredTo });
      continue;
    }
    if (batch.through === state.cursor) {
      if (state.status !== 'caught-up' || state.lag !== batch.lag)
        publish({ ...state, status: 'caught-up', lag: batch.lag });
      continue;
    }
    // Positions that hold no change (voided, or of no interest) only move the cursor.
    if (batch.changes === 0 || (await deliver(state.cursor, batch.through, false))) {
      publish({
        ...state,
        status: batch.lag > 0 ? 'delivering' : 'caught-up',
        cursor: batch.through,
        lag: batch.lag,
        changesDelivered: state.changesDelivered + batch.changes,
        notificationsDelivered: state.notificationsDelivered + (batch.changes > 0 ? 1 : 0),
        ...(batch.changes > 0 ? { lastDeliveredAt: new Date(Date.now()).toISOString() } : {}),
        failures: 0,
      });
    } else if (state.status === 'stopped') {
      return state;
    }
  }
  return continueAsNew<typeof deliverFeedNotifications>({ ...input, state });

  /**
   * Delivers (after, through] until the consumer takes it. False when the batch cannot be delivered any
   * more: its changes expired (the next wait says so) or the consumer is no longer configured.
   */
  async function deliver(after: string, through: string, expired: boolean): Promise<boolean> {
    for (;;) {
      try {
        await deliverFeedBatch({ consumer, platform, after, through, expired });
        return true;
      } catch (error) {
        const type = failureType(error);
        if (type === FEED_CURSOR_EXPIRED) return false;
        if (type === CONSUMER_NOT_CONFIGURED) {
          publish({ ...state, status: 'stopped', lastError: failureMessage(error) });
          return false;
        }
        const failures = state.failures + 1;
        const delay = deliveryRetryDelayMs(failures);
        const now = Date.now();
        publish({
          ...state,
          status: 'failing',
          failures,
          lastError: failureMessage(error),
          lastErrorAt: new Date(now).toISOString(),
          nextAttemptAt: new Date(now + delay).toISOString(),
        });
        await sleep(delay);
      }
    }
  }
}

function failureType(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
