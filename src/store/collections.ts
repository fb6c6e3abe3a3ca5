/**
 * The MongoDB collections arlo-sync keeps, and their document shapes. Every document is scoped by
 * platform (one deployment may serve several Arlo platforms whose IDs overlap), so every `_id` starts
 * with the platform name.
 */
import type { Db } from 'mongodb';

import type { MirrorFeedStamp } from './feed/feed-documents';

/** How mirror documents written before `recordJson` hold the record: its parts nested. */
export interface LegacyRecordParts {
  fields?: Record<string, string>;
  links?: Array<{ rel: string; title?: string; href: string }>;
  related?: Record<string, unknown>;
  nested?: Record<string, unknown>;
}

/** A mirrored Arlo record: the latest representation arlo-sync has seen, or a tombstone. */
export interface MirroredEntityDocument extends LegacyRecordParts {
  _id: string;
  platform: string;
  resourceType: string;
  resourceId: string;
  /** As Arlo sent it (up to 7 fractional digits). */
  lastModifiedDateTime: string;
  /** Fixed-width form of lastModifiedDateTime: compares and sorts as strings with full precision. */
  lastModifiedSortable: string;
  createdDateTime?: string;
  /**
   * The representation (fields, links, related and nested resources) as JSON text: read it with
   * `readMirrored` or `recordOfMirrored` (./mirror-record.ts, which also says why text). Absent only in
   * documents written before it, which hold the parts nested (`LegacyRecordParts`).
   */
  recordJson?: string;
  deleted: boolean;
  /** Set when a merge request made this record point at its surviving record. */
  mergedInto?: string;
  source: MirrorSource;
  /** The event whose processing last wrote this document, when it came from one. */
  lastEventId?: string;
  /** The change-feed position of the write that stored this version (absent for writes before the feed). */
  feed?: MirrorFeedStamp;
  syncedAt: Date;
}

export const MIRROR_SOURCES = ['webhook', 'catch-up', 'bulk', 'reconcile', 'push'] as const;
export type MirrorSource = (typeof MIRROR_SOURCES)[number];

/** One row per processed event: the idempotency ledger that outlives Temporal's retention. */
export interface ProcessedEventDocument {
  _id: string;
  platform: string;
  eventId: string;
  eventIdSortable: string;
  type: string;
  resourceType: string;
  resourceId: string;
  outcome: string;
  processedAt: Date;
  /**
   * The workflow run that recorded it, when known: a re-run of that same workflow (its task timed out
   * after the record) is answered with the recorded outcome instead of "duplicate".
   */
  recordedByRun?: string;
}

/** The per-platform high watermark: the highest event ID processed, only ever moving up. */
export interface WatermarkDocument {
  _id: string;
  eventId: string;
  eventIdSortable: string;
  updatedAt: Date;
}

/**
 * Per platform: the last PlatformEvent ID the missed-event catch-up has walked past, only ever moving up.
 * Kept apart from the watermark on purpose: the watermark says what was processed, this says what was
 * checked, and an event can be checked (its workflow started) long before it is processed.
 */
export interface CatchUpCheckpointDocument {
  _id: string;
  eventId: string;
  eventIdSortable: string;
  updatedAt: Date;
}

export function collections(db: Db) {
  return {
    entities: db.collection<MirroredEntityDocument>('entities'),
    processedEvents: db.collection<ProcessedEventDocument>('processed_events'),
    watermarks: db.collection<WatermarkDocument>('watermarks'),
    catchUpCheckpoints: db.collection<CatchUpCheckpointDocument>('catch_up_checkpoints'),
  };
}

export const entityKey = (platform: string, resourceType: string, resourceId: string) =>
  `${platform}:${resourceType}:${resourceId}`;

export const eventKey = (platform: string, eventId: string) => `${platform}:${eventId}`;

/** MongoDB's duplicate-key error: how a conditional upsert reports "the stored one wins". */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}
