/**
 * The change feed's collections. Every read a reader makes is a lookup by `_id` (the embedded FerretDB
 * answers no other filter from an index: ARCHITECTURE.md, "The store on the embedded FerretDB"), so a
 * position is part of the `_id`, zero-padded so that `_id` order is position order.
 *
 *  - `feed_changes`: one document per position, written once by an insert and never changed: a change
 *    (what the mirror write at that position stored) or a void (a position that holds no change).
 *  - `feed_slots`: one document per allocated position, inserted to allocate it (the unique `_id` is the
 *    allocator), naming the mirror document the position was allocated for.
 *  - `feed_heads`: per platform, the highest position allocated (a hint, see feed-positions.ts) and, under
 *    its own `_id`, the oldest position retention keeps.
 *
 * ARCHITECTURE.md, "The change feed", says why these three make the feed's order safe to read.
 */
import type { Db } from 'mongodb';

import type { ChangedRecord, ChangeOperation, ChangeOrigin } from '../../domain/change-feed';

export interface FeedChangeDocument {
  _id: string;
  platform: string;
  position: number;
  kind: 'change' | 'void';
  resourceType?: string;
  resourceId?: string;
  operation?: ChangeOperation;
  origin?: ChangeOrigin;
  lastModifiedDateTime?: string | null;
  /**
   * The record as the change stored it, as JSON text: the feed only ever hands it on whole, and the
   * embedded FerretDB encodes one string for a fraction of the CPU a nested document costs it (a record is
   * dozens of values), which made the feed's copy half the store's cost of a bulk page. Read it with
   * `recordOfChange`.
   */
  recordJson?: string;
  /** The record as a nested document: how changes committed before `recordJson` hold it (still read). */
  record?: ChangedRecord;
  committedAt: Date;
}

export interface FeedSlotDocument {
  _id: string;
  platform: string;
  position: number;
  /** The `_id` of the mirror document this position was allocated for. */
  entity: string;
  allocatedAt: Date;
}

interface FeedHeadDocument {
  /** The platform (allocation hint) or `<platform>:oldest` (retention). */
  _id: string;
  /** Allocation hint: never above the highest allocated position, possibly a little below it. */
  allocated?: number;
  /** Retention: the first position still kept; earlier cursors are expired. */
  oldest?: number;
  updatedAt: Date;
}

/** What a mirror document records about the change that last wrote it. */
export interface MirrorFeedStamp {
  readonly position: number;
  readonly operation: ChangeOperation;
  readonly origin: ChangeOrigin;
}

export function feedCollections(db: Db) {
  return {
    changes: db.collection<FeedChangeDocument>('feed_changes'),
    slots: db.collection<FeedSlotDocument>('feed_slots'),
    heads: db.collection<FeedHeadDocument>('feed_heads'),
  };
}

/** The record a stored change carries, in either form; undefined for a void. */
export function recordOfChange(stored: FeedChangeDocument): ChangedRecord | undefined {
  if (stored.recordJson === undefined) return stored.record;
  try {
    return JSON.parse(stored.recordJson) as ChangedRecord;
  } catch (error) {
    throw new Error(`feed position ${stored._id} holds a record that is not JSON: ${String(error)}`);
  }
}

/** 15 digits: far beyond any feed (a million changes a day for 2,700 years), and exact as a JS number. */
export const feedKey = (platform: string, position: number) =>
  `${platform}:${String(position).padStart(15, '0')}`;

export const oldestKey = (platform: string) => `${platform}:oldest`;
