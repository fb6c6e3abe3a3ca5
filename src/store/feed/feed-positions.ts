/**
 * Allocating feed positions. A position is allocated by INSERTING its slot document: the unique `_id`
 * decides, atomically on MongoDB and on the embedded FerretDB alike, which allocator owns it. (FerretDB's
 * findAndModify is a read followed by a write, so a `$inc` counter there can hand one number to two
 * allocators or go backwards; an insert cannot.)
 *
 * Candidates start right after the head hint, which is never above the highest allocated position, and a
 * refused candidate is followed by a higher one. So every allocation takes the lowest free position at
 * or above the hint, and the allocated positions stay contiguous: a position below one that is already
 * allocated is never handed out later. That makes allocation order real-time order, which the feed's
 * per-record ordering relies on (ARCHITECTURE.md, "The change feed").
 */
import type { Db } from 'mongodb';

import { isDuplicateKeyError } from '../collections';
import { insertUnlessHeld } from '../insert-unless-held';
import { feedCollections, feedKey, type FeedSlotDocument } from './feed-documents';

/** Rounds of refused candidates before giving up: each means other allocators took them meanwhile. */
const MAX_ROUNDS = 50;

/** Allocates one position per mirror document `_id`, in the order given. */
export async function allocatePositions(
  db: Db,
  platform: string,
  entityIds: readonly string[],
  now = new Date(),
): Promise<number[]> {
  const { slots } = feedCollections(db);
  const positions: number[] = new Array<number>(entityIds.length);
  let pending = entityIds.map((_, index) => index);
  let candidate = (await readAllocatedHint(db, platform)) + 1;
  for (let round = 0; pending.length > 0; round++) {
    if (round === MAX_ROUNDS) {
      throw new Error(
        `could not allocate ${pending.length} change-feed positions for ${platform} in ${MAX_ROUNDS} ` +
          'rounds: other writers keep taking them (the activity retries)',
      );
    }
    const documents: FeedSlotDocument[] = pending.map((index, offset) => ({
      _id: feedKey(platform, candidate + offset),
      platform,
      position: candidate + offset,
      entity: entityIds[index] as string,
      allocatedAt: now,
    }));
    const held = await insertUnlessHeld(slots, documents);
    const refused: number[] = [];
    documents.forEach((slot, offset) => {
      const index = pending[offset] as number;
      if (held.has(offset)) refused.push(index);
      else positions[index] = slot.position;
    });
    // Every candidate tried is now taken (by us or another), so the next free one is above them all.
    const highestTried = candidate + documents.length - 1;
    pending = refused;
    if (pending.length > 0)
      candidate = Math.max((await readAllocatedHint(db, platform)) + 1, highestTried + 1);
  }
  if (positions.length > 0) await raiseAllocatedHint(db, platform, Math.max(...positions), now);
  return positions;
}

export async function readAllocatedHint(db: Db, platform: string): Promise<number> {
  const head = await feedCollections(db).heads.findOne({ _id: platform });
  return head?.allocated ?? 0;
}

/**
 * `$max`, so concurrent allocators never lower it on MongoDB. On FerretDB the update is read-then-write and
 * a concurrent lower value can land last: the hint may then lag a few positions behind, which costs the
 * next allocator a refused candidate and readers a short probe past it (feed-reader.ts), nothing more.
 */
async function raiseAllocatedHint(db: Db, platform: string, position: number, now: Date): Promise<void> {
  const { heads } = feedCollections(db);
  const raise = () =>
    heads.updateOne(
      { _id: platform },
      { $max: { allocated: position }, $set: { updatedAt: now } },
      { upsert: true },
    );
  try {
    await raise();
  } catch (error) {
    // Two first allocations of a platform both inserted the head: the second now updates it.
    if (!isDuplicateKeyError(error)) throw error;
    await raise();
  }
}
