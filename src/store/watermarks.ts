/**
 * The per-platform high watermark of webhooks.txt ("Store the last successfully-processed event ID"):
 * the highest event ID processed, a 64-bit value that only moves up even when callbacks arrive out of
 * order. Stored as the canonical decimal string plus a zero-padded form that compares correctly as a
 * string (no 64-bit numeric type needed, none lost above 2^53).
 *
 * Why insert-only marks instead of one document updated with "set if higher": FerretDB executes an
 * update as read-then-write, so two concurrent conditional updates can both pass their condition and the
 * LOWER one land last; no read-back loop closes that window for the other writer. Inserts of distinct
 * `_id`s cannot overwrite each other, so the watermark is the highest mark, on MongoDB and FerretDB
 * alike. Marks below a new mark are pruned; pruning only ever removes marks strictly below one that
 * exists, so it can never remove the highest.
 */
import type { Db } from 'mongodb';

import { sortableEventId, type EventId } from '../domain/event-id';
import { collections, isDuplicateKeyError } from './collections';

/** Raises the watermark to `eventId` if it is higher; returns whether this call raised it. */
export async function advanceWatermark(db: Db, platform: string, eventId: EventId): Promise<boolean> {
  const { watermarks } = collections(db);
  const sortable = sortableEventId(eventId);
  const current = await highestMark(db, platform);
  if (current && current.eventIdSortable >= sortable) return false;
  try {
    await watermarks.insertOne({
      _id: `${platform}:${sortable}`,
      platform,
      eventId,
      eventIdSortable: sortable,
      updatedAt: new Date(),
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) return false; // The same ID, marked concurrently.
    throw error;
  }
  await watermarks.deleteMany({ platform, eventIdSortable: { $lt: sortable } });
  return true;
}

export async function readWatermark(
  db: Db,
  platform: string,
): Promise<{ eventId: EventId; updatedAt: Date } | null> {
  const mark = await highestMark(db, platform);
  return mark ? { eventId: mark.eventId, updatedAt: mark.updatedAt } : null;
}

function highestMark(db: Db, platform: string) {
  return collections(db).watermarks.findOne({ platform }, { sort: { eventIdSortable: -1 } });
}
