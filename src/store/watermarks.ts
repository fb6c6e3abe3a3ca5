/**
 * The per-platform high watermark of webhooks.txt ("Store the last successfully-processed event ID"):
 * the highest event ID processed, a 64-bit value that only moves up even when callbacks arrive out of
 * order. Stored as the canonical decimal string plus a zero-padded form that compares correctly as a
 * string (no 64-bit numeric type needed, none lost above 2^53).
 */
import type { Db } from 'mongodb';

import { sortableEventId, type EventId } from '../domain/event-id';
import { collections, isDuplicateKeyError } from './collections';

/**
 * Raises the watermark to `eventId` if it is higher; returns whether this call moved it.
 *
 * The conditional update is atomic on MongoDB. FerretDB executes updates as read-then-write, so a
 * concurrent lower write could land last there; reading back and retrying until the stored value is at
 * least ours closes that window on both.
 */
export async function advanceWatermark(db: Db, platform: string, eventId: EventId): Promise<boolean> {
  const { watermarks } = collections(db);
  const sortable = sortableEventId(eventId);
  let moved = false;
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const result = await watermarks.updateOne(
        { _id: platform, eventIdSortable: { $lt: sortable } },
        { $set: { eventId, eventIdSortable: sortable, updatedAt: new Date() } },
        { upsert: true },
      );
      moved ||= result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // Duplicate key: already at or above this ID.
    }
    const stored = await watermarks.findOne({ _id: platform }, { projection: { eventIdSortable: 1 } });
    if (stored && stored.eventIdSortable >= sortable) return moved;
  }
  throw new Error(`the watermark of ${platform} did not settle at or above event ${eventId}`);
}

/**
 * The watermark: the stored value, or the highest ID in the ledger of processed events if that is higher.
 * The ledger only grows (insert-once rows), so its maximum is authoritative; on MongoDB the two always
 * agree, on FerretDB a concurrent lower write may have pulled the stored copy back, and reading repairs it.
 */
export async function readWatermark(
  db: Db,
  platform: string,
): Promise<{ eventId: EventId; updatedAt: Date } | null> {
  const { watermarks, processedEvents } = collections(db);
  const [stored, highest] = await Promise.all([
    watermarks.findOne({ _id: platform }),
    processedEvents.findOne(
      { platform },
      { sort: { eventIdSortable: -1 }, projection: { eventId: 1, eventIdSortable: 1, processedAt: 1 } },
    ),
  ]);
  if (highest && (!stored || highest.eventIdSortable > stored.eventIdSortable)) {
    await advanceWatermark(db, platform, highest.eventId);
    return { eventId: highest.eventId, updatedAt: highest.processedAt };
  }
  return stored ? { eventId: stored.eventId, updatedAt: stored.updatedAt } : null;
}
