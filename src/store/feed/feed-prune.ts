/**
 * Retention: changes older than the retention period are deleted, oldest first, and the platform's
 * `oldest` mark moves before anything is deleted, so a reader either gets a clear "expired" (410) or
 * reads documents that are all still there. The newest positions are always kept, whatever their age:
 * allocation starts from the head hint, which may lag a little behind, and must never find a pruned,
 * free slot below a position it already handed out (feed-positions.ts).
 */
import type { Db } from 'mongodb';

import { deleteByIds } from '../find-by-ids';
import { feedCollections, feedKey, oldestKey } from './feed-documents';
import { readAllocatedHint } from './feed-positions';

/** Kept whatever their age; far more than the few positions the hint can lag behind. */
const KEEP_NEWEST = 1000;
/** Deleted per round: bounded work between heartbeats. */
const DELETE_BATCH = 500;

export interface PruneResult {
  /** The first position kept. */
  readonly oldest: number;
  readonly deleted: number;
}

export async function pruneChangeFeed(
  db: Db,
  platform: string,
  options: { readonly retentionMs: number; readonly now?: Date; readonly onProgress?: () => void },
): Promise<PruneResult> {
  const { heads, changes, slots } = feedCollections(db);
  const now = options.now ?? new Date();
  const oldest = (await heads.findOne({ _id: oldestKey(platform) }))?.oldest ?? 1;
  const keepFrom = (await readAllocatedHint(db, platform)) - KEEP_NEWEST + 1;
  const cutoff = await firstToKeep(
    db,
    platform,
    oldest,
    keepFrom,
    new Date(now.getTime() - options.retentionMs),
  );
  if (cutoff <= oldest) return { oldest, deleted: 0 };
  await heads.updateOne(
    { _id: oldestKey(platform) },
    { $max: { oldest: cutoff }, $set: { updatedAt: now } },
    { upsert: true },
  );
  let deleted = 0;
  for (let from = oldest; from < cutoff; from += DELETE_BATCH) {
    const ids = Array.from({ length: Math.min(DELETE_BATCH, cutoff - from) }, (_, i) =>
      feedKey(platform, from + i),
    );
    deleted += await deleteByIds(changes, ids);
    await deleteByIds(slots, ids);
    options.onProgress?.();
  }
  return { oldest: cutoff, deleted };
}

/**
 * The first position in [oldest, limit] whose change is not older than `before` (binary search by `_id`:
 * commit times rise with positions, give or take the few in flight together). A position without a
 * document counts as young: it is at or near the head.
 */
async function firstToKeep(db: Db, platform: string, oldest: number, limit: number, before: Date) {
  const { changes } = feedCollections(db);
  let low = oldest;
  let high = Math.max(oldest, limit);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const change = await changes.findOne(
      { _id: feedKey(platform, middle) },
      { projection: { committedAt: 1 } },
    );
    if (change && change.committedAt < before) low = middle + 1;
    else high = middle;
  }
  return low;
}
