/**
 * Where each platform's missed-event catch-up resumes: the last PlatformEvent ID it walked past. Only one
 * catch-up runs per platform at a time (one workflow ID, schedule overlap SKIP), so a conditional
 * update is enough; the condition still keeps the checkpoint from moving back if a retried activity
 * writes an older page's ID late.
 */
import type { Db } from 'mongodb';

import { sortableEventId, type EventId } from '../domain/event-id';
import { collections, isDuplicateKeyError } from './collections';

export async function readCatchUpCheckpoint(db: Db, platform: string): Promise<EventId | undefined> {
  const doc = await collections(db).catchUpCheckpoints.findOne({ _id: platform });
  return doc?.eventId;
}

/** Moves the checkpoint up to `eventId`; a lower or equal ID leaves it alone. */
export async function advanceCatchUpCheckpoint(db: Db, platform: string, eventId: EventId): Promise<void> {
  const sortable = sortableEventId(eventId);
  try {
    await collections(db).catchUpCheckpoints.updateOne(
      { _id: platform, eventIdSortable: { $lt: sortable } },
      { $set: { eventId, eventIdSortable: sortable, updatedAt: new Date() } },
      { upsert: true },
    );
  } catch (error) {
    // The document exists at or above this ID, so the upsert's insert collided: nothing to do.
    if (!isDuplicateKeyError(error)) throw error;
  }
}
