import { Context } from '@temporalio/activity';

import type { ExpireOldChangesInput } from '../../src/domain/feed-delivery';
import { pruneChangeFeed, type PruneResult } from '../../src/store/feed/feed-prune';
import type { FeedActivityDeps } from './feed-deps';

/** Deletes the platform's changes older than the retention (FEED_RETENTION_DAYS), oldest first. */
export function createPruneExpiredChanges({ db, logger }: Pick<FeedActivityDeps, 'db' | 'logger'>) {
  return async function pruneExpiredChanges(input: ExpireOldChangesInput): Promise<PruneResult> {
    const context = Context.current();
    const result = await pruneChangeFeed(db, input.platform, {
      retentionMs: input.retentionDays * 24 * 60 * 60 * 1000,
      onProgress: () => context.heartbeat(),
    });
    if (result.deleted > 0)
      logger.info({ platform: input.platform, ...result }, 'change feed: old changes pruned');
    return result;
  };
}
