/**
 * The ledger of processed events, one document per platform + event ID. It is what makes a redelivered or
 * replayed event a no-op even after Temporal has forgotten the workflow (retention), and what catch-up
 * compares the PlatformEvents collection against.
 */
import type { Db } from 'mongodb';

import { sortableEventId, type EventId } from '../domain/event-id';
import { collections, eventKey, isDuplicateKeyError, type ProcessedEventDocument } from './collections';
import { findByIds } from './find-by-ids';
import { insertUnlessHeld } from './insert-unless-held';

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

function ledgerRow(platform: string, event: ProcessedEvent, processedAt: Date): ProcessedEventDocument {
  return {
    _id: eventKey(platform, event.eventId),
    platform,
    eventId: event.eventId,
    eventIdSortable: sortableEventId(event.eventId),
    type: event.type,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    outcome: event.outcome,
    processedAt,
    ...(event.recordedByRun === undefined ? {} : { recordedByRun: event.recordedByRun }),
  };
}

/** Records the event once; returns false when it was already recorded (the first record stands). */
export async function recordProcessedEvent(
  db: Db,
  platform: string,
  event: ProcessedEvent,
): Promise<boolean> {
  try {
    await collections(db).processedEvents.insertOne(ledgerRow(platform, event, new Date()));
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * Records a batch of events in one round trip, each once; returns the IDs the ledger already held (their
 * first record stands).
 */
export async function recordProcessedEvents(
  db: Db,
  platform: string,
  events: readonly ProcessedEvent[],
): Promise<Set<EventId>> {
  if (events.length === 0) return new Set();
  const processedAt = new Date();
  const held = await insertUnlessHeld(
    collections(db).processedEvents,
    events.map((event) => ledgerRow(platform, event, processedAt)),
  );
  return new Set([...held].map((index) => (events[index] as ProcessedEvent).eventId));
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
  return (await findRecordedEvents(db, platform, [eventId])).get(eventId);
}

/**
 * The ledger's records of those of `eventIds` it holds, by event ID: one `$in` on MongoDB, indexed
 * lookups by `_id` on the embedded FerretDB, which would scan the whole ledger for an `$in` (find-by-ids.ts).
 */
export async function findRecordedEvents(
  db: Db,
  platform: string,
  eventIds: readonly EventId[],
): Promise<Map<EventId, RecordedEvent>> {
  const found = await findByIds(
    collections(db).processedEvents,
    eventIds.map((id) => eventKey(platform, id)),
    { projection: { eventId: 1, outcome: 1, recordedByRun: 1 } },
  );
  return new Map(
    [...found.values()].map((row) => [
      row.eventId,
      row.recordedByRun === undefined
        ? { outcome: row.outcome }
        : { outcome: row.outcome, recordedByRun: row.recordedByRun },
    ]),
  );
}

/**
 * Of `eventIds`, the ones not yet processed (for a page of catch-up): looked up as `findRecordedEvents`
 * does, so the embedded FerretDB never scans the whole ledger for an `$in`.
 */
export async function unprocessedEventIds(
  db: Db,
  platform: string,
  eventIds: readonly EventId[],
): Promise<EventId[]> {
  const recorded = await findRecordedEvents(db, platform, eventIds);
  return eventIds.filter((id) => !recorded.has(id));
}
