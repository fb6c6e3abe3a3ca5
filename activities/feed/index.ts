/**
 * The change feed's activities (main task queue: they call MongoDB and the consumer's endpoint, never
 * Arlo). Registered by src/worker.ts beside the pull, push and bulk activities.
 */
import { createDeliverFeedBatch } from './deliver-feed-batch';
import { createPruneExpiredChanges } from './expire-old-changes';
import type { FeedActivityDeps } from './feed-deps';
import { createWaitForFeedChanges } from './wait-for-feed-changes';

export type { FeedActivityDeps } from './feed-deps';

export function createFeedActivities(deps: FeedActivityDeps) {
  return {
    waitForFeedChanges: createWaitForFeedChanges(deps),
    deliverFeedBatch: createDeliverFeedBatch(deps),
    pruneExpiredChanges: createPruneExpiredChanges(deps),
  };
}

export type FeedActivities = ReturnType<typeof createFeedActivities>;
