import { Context } from '@temporalio/activity';

import { cursorOf, parseCursor } from '../../src/domain/change-feed';
import type { FeedBatch, WaitForFeedChangesInput } from '../../src/domain/feed-delivery';
import { recordConsumerLag } from '../../src/metrics/feed-metrics';
import { FeedCursorExpiredError, readChangeFeed } from '../../src/store/feed/feed-reader';
import type { FeedActivityDeps } from './feed-deps';

/** How often an idle feed is looked at again: the notification's latency when the feed was quiet. */
const POLL_INTERVAL_MS = 250;

/**
 * Waits (polling MongoDB, heartbeating) until the feed has moved past `after`, or `maxWaitMs` passed,
 * and says how far the next batch reaches. Only positions and counts leave the activity: the changes
 * themselves are read again by deliverFeedBatch, so they never enter workflow history.
 */
export function createWaitForFeedChanges({
  db,
  batchSize = 100,
}: Pick<FeedActivityDeps, 'db' | 'batchSize'>) {
  return async function waitForFeedChanges(input: WaitForFeedChangesInput): Promise<FeedBatch> {
    const after = parseCursor(input.after) ?? 0;
    const context = Context.current();
    const deadline = Date.now() + input.maxWaitMs;
    for (;;) {
      let page;
      try {
        page = await readChangeFeed(db, input.platform, { after, limit: batchSize });
      } catch (error) {
        if (!(error instanceof FeedCursorExpiredError)) throw error;
        return {
          through: input.after,
          changes: 0,
          lag: error.head - after,
          expiredTo: cursorOf(error.oldestCursor),
        };
      }
      const lag = Math.max(0, page.head - page.next);
      recordConsumerLag(input.consumer, input.platform, Math.max(0, page.head - after));
      if (page.next > after || Date.now() >= deadline) {
        return { through: cursorOf(page.next), changes: page.changes.length, lag };
      }
      context.heartbeat();
      await context.sleep(POLL_INTERVAL_MS);
    }
  };
}
