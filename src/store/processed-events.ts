/**
 * The ledger of processed events, one document per platform + event ID. It is what makes a redelivered or
 * replayed event a no-op even after Temporal has forgotten the workflow (retention), and what catch-up
 * compares the PlatformEvents collection against.
 */
import type { Db } from 'mongodb';

import { sortableEventId, type EventId } from '../domain/event-id';
import { collections, eventKey, isDuplicateKeyError } from './collections';

export interface ProcessedEvent {
  readonly eventId: EventId;
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly outcome: string;
  /** The workflow run recording it (see ProcessedEventDocument.recordedByRun). */
  readonly recordedByRun?: string;
}

/** What the ledger holds about one event. */
export interface RecordedEvent {
  readonly outcome: string;
  readonly recordedByRun?: string;
}

/** Records the event once; returns false when it was already recorded (the first record stands). */
export async function recordProcessedEvent(
  db: Db,
  platform: string,
  event: ProcessedEvent,
): Promise<boolean> {
  try {
    await collections(db).processedEvents.insertOne({
      _id: eventKey(platform, event.eventId),
      platform,
      eventId: event.eventId,
      eventIdSortable: sortableEventId(event.eventId),
      type: event.type,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      outcome: event.outcome,
      processedAt: new Date(),
      ...(event.recordedByRun === undefined ? {} : { recordedByRun: event.recordedByRun }),
    });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

export async function isEventProcessed(db: Db, platform: string, eventId: EventId): Promise<boolean> {
  return (
    (await collections(db).processedEvents.countDocuments(
      { _id: eventKey(platform, eventId) },
      { limit: 1 },
    )) > 0
  );
}

/** The ledger's record of one event, or undefined when it has none (one read by `_id`). */
export async function findRecordedEvent(
  db: Db,
  platform: string,
  eventId: EventId,
): Promise<RecordedEvent | undefined> {
  const found = await collections(db).processedEvents.findOne(
    { _id: eventKey(platform, eventId) },
    { projection: { _id: 0, outcome: 1, recordedByRun: 1 } },
  );
  if (!found) return undefined;
  return found.recordedByRun === undefined
    ? { outcome: found.outcome }
    : { outcome: found.outcome, recordedByRun: found.recordedByRun };
}

/** Of `eventIds`, the ones not yet processed (one query, for a page of catch-up). */
export async function unprocessedEventIds(
  db: Db,
  platform: string,
  eventIds: readonly EventId[],
): Promise<EventId[]> {
  const found = await collections(db)
    .processedEvents.find(
      { _id: { $in: eventIds.map((id) => eventKey(platform, id)) } },
      { projection: { eventId: 1 } },
    )
    .toArray();
  const processed = new Set(found.map((doc) => doc.eventId));
  return eventIds.filter((id) => !processed.has(id));
}
