/**
 * The change feed's retention for one platform, started hourly by the schedule
 * `arlo-feed-prune:<platform>`: changes older than FEED_RETENTION_DAYS are deleted, and cursors before
 * them are answered 410 ("re-read from a bulk snapshot").
 */
import { proxyActivities } from '@temporalio/workflow';

import type { FeedActivities } from '../activities/feed';
import type { ExpireOldChangesInput } from '../src/domain/feed-delivery';

const { pruneExpiredChanges } = proxyActivities<FeedActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 10,
  },
});

export async function expireOldChanges(
  input: ExpireOldChangesInput,
): Promise<{ oldest: number; deleted: number }> {
  return pruneExpiredChanges(input);
}
