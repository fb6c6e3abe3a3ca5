/**
 * The bulk walk's cursor: a pure state machine (no I/O, plain JSON state, small enough to carry through
 * `continueAsNew`) that visits every record of a collection ordered by `LastModifiedDateTime ASC, <ID> ASC`
 * exactly as stored (7 fractional digits), although filter literals only have milliseconds.
 *
 * Why not the guide's cursor: `LM gt X OR (LM eq X AND ID gt Y)` with X cut to milliseconds never matches
 * `eq` for a record at X.1234567 and re-reads it with `gt`; with more than a page of records in one
 * millisecond it loops forever (or skips records when X is rounded up). api-notes.md, "Timestamp
 * precision trap".
 *
 * How this one works (M, W are millisecond boundaries, which filters CAN express exactly):
 * - Main phase: query `LM ge datetime(M)`, ordered by LM, ID. Records at or before the cursor position
 *   (full-precision LM, then ID) were returned already and are skipped client-side. A short page (and no
 *   `next` link) ends the walk. Otherwise let W be the millisecond of the page's last record: every record
 *   before W is complete, and the next query starts at M = W, so the page's tail in W is read again and
 *   skipped (at most one page minus one record); no separate request is spent on it.
 * - Drain phase, only when a WHOLE page shares one millisecond W (the main query could not move past it):
 *   query `LM ge datetime(W) AND LM lt datetime(W+1ms) AND ID gt Y` ordered by ID alone, a total order
 *   independent of sub-millisecond ticks, from the start of W (records already returned are skipped by
 *   position) until a short page; then the main phase resumes at W+1ms.
 *
 * Correct while the walk runs: an update moves a record to a later LM (its ID never changes), so a
 * record not yet returned stays ahead of the cursor in both phases, and is returned later.
 * Bounded: a main page ends the walk, moves M to a later millisecond, or starts a drain; a drain page
 * raises Y or ends the drain. Every two consecutive main pages return at least one page of new records;
 * a drained millisecond with k records costs ceil((k+1)/page) requests. Re-reads are at most one page.
 *
 * Segments (`until`): a cursor may end before a millisecond boundary (`LM lt datetime(until)`), so one
 * walk can read several time ranges of the collection at once (`bisectBulkCursor`). Only one range is
 * open-ended, and every boundary lies before the walk started, so a record updated during the walk moves
 * into the last range; that range is read once more after the others finish (`reopenBulkCursor`), so no
 * record updated meanwhile is skipped.
 */
import { isArloTimestamp, truncateToMillisecond, type ArloTimestamp } from './arlo-timestamp';
import {
  BulkCursorError,
  checkDrainPage,
  checkMainPage,
  checkRecord,
  comparePositions,
  nextMillisecond,
  position,
  type BulkPosition,
  type BulkRecord,
} from './bulk-order';
import type { BulkResourceType } from './resource-types';

export type { BulkPosition, BulkRecord } from './bulk-order';

export type BulkCursor =
  | {
      readonly phase: 'main';
      readonly resourceType: BulkResourceType;
      /** Millisecond literal (`2013-07-16T23:57:12.943Z`) the next query starts at; absent: the beginning. */
      readonly from?: string;
      readonly after?: BulkPosition;
      /** Millisecond literal the segment ends before (exclusive); absent: the end of the collection. */
      readonly until?: string;
    }
  | {
      readonly phase: 'drain';
      readonly resourceType: BulkResourceType;
      /** The millisecond being drained. */
      readonly millisecond: string;
      /** Last ID returned by the drain so far; absent: from the start of the millisecond. */
      readonly afterId?: string;
      /** Where the main phase stood: records of this millisecond at or before it were returned. */
      readonly after: BulkPosition;
      /** The segment's end, carried back to the main phase. */
      readonly until?: string;
    }
  | {
      readonly phase: 'done';
      readonly resourceType: BulkResourceType;
      /** Where an open-ended walk stopped, so it can look again for records updated since. */
      readonly stoppedAt?: { readonly from?: string; readonly after?: BulkPosition };
    };

/** What to ask for next, independent of the filter syntax (src/arlo/bulk-query.ts writes it). */
export type BulkQuery =
  | { readonly kind: 'main'; readonly from?: string; readonly until?: string }
  | {
      readonly kind: 'drain';
      readonly millisecond: string;
      readonly nextMillisecond: string;
      readonly afterId?: string;
    };

export interface BulkPage<T extends BulkRecord> {
  /** The records of the answer, in the order the server returned them. */
  readonly records: readonly T[];
  /** The `top` the query asked for. */
  readonly pageSize: number;
  /** Whether the answer had a `next` link (a server that caps `top` still says there is more). */
  readonly hasNextLink: boolean;
}

export interface BulkStep<T extends BulkRecord> {
  readonly cursor: BulkCursor;
  /** The records not returned before: upsert these. */
  readonly records: readonly T[];
  readonly counters: {
    readonly received: number;
    readonly returned: number;
    readonly alreadyReturned: number;
  };
}

/** A walk from the beginning, or of the records changed since `since` (inclusive of since's millisecond). */
export function startBulkCursor(
  resourceType: BulkResourceType,
  options: { since?: ArloTimestamp } = {},
): BulkCursor {
  if (options.since === undefined) return { phase: 'main', resourceType };
  if (!isArloTimestamp(options.since)) {
    throw new BulkCursorError(
      `since must be a UTC timestamp such as 2024-01-15T00:00:00.000Z, got ${JSON.stringify(options.since)}`,
    );
  }
  return { phase: 'main', resourceType, from: truncateToMillisecond(options.since) };
}

/** The next query, or undefined when the walk is done. */
export function nextBulkQuery(cursor: BulkCursor): BulkQuery | undefined {
  switch (cursor.phase) {
    case 'main':
      return {
        kind: 'main',
        ...(cursor.from !== undefined ? { from: cursor.from } : {}),
        ...(cursor.until !== undefined ? { until: cursor.until } : {}),
      };
    case 'drain':
      return {
        kind: 'drain',
        millisecond: cursor.millisecond,
        nextMillisecond: nextMillisecond(cursor.millisecond),
        ...(cursor.afterId !== undefined ? { afterId: cursor.afterId } : {}),
      };
    case 'done':
      return undefined;
  }
}

/** Apply the answer to `nextBulkQuery(cursor)`: the next cursor and the records to upsert. */
export function advanceBulkCursor<T extends BulkRecord>(cursor: BulkCursor, page: BulkPage<T>): BulkStep<T> {
  if (cursor.phase === 'done') throw new BulkCursorError('the walk is done: there is no next page');
  if (!Number.isInteger(page.pageSize) || page.pageSize < 1)
    throw new BulkCursorError(`invalid page size ${page.pageSize}`);
  for (const record of page.records) checkRecord(record);
  const { records } = page;
  const fresh = records.filter(
    (record) => cursor.after === undefined || comparePositions(record, cursor.after) > 0,
  );
  const counters = {
    received: records.length,
    returned: fresh.length,
    alreadyReturned: records.length - fresh.length,
  };
  const full = records.length > 0 && (records.length >= page.pageSize || page.hasNextLink);
  const last = records.at(-1);
  const { resourceType } = cursor;

  const until = cursor.until !== undefined ? { until: cursor.until } : {};
  if (cursor.phase === 'main') {
    checkMainPage(cursor.from, cursor.until, records);
    if (!full || last === undefined) {
      const done: BulkCursor = {
        phase: 'done',
        resourceType,
        ...(cursor.until === undefined ? { stoppedAt: stoppedAt(cursor, last) } : {}),
      };
      return { cursor: done, records: fresh, counters };
    }
    const millisecond = truncateToMillisecond(last.lastModifiedDateTime);
    const after = position(last);
    const first = records[0] as T;
    const next: BulkCursor =
      truncateToMillisecond(first.lastModifiedDateTime) === millisecond
        ? { phase: 'drain', resourceType, millisecond, after, ...until }
        : { phase: 'main', resourceType, from: millisecond, after, ...until };
    return { cursor: next, records: fresh, counters };
  }

  checkDrainPage(cursor.millisecond, cursor.afterId, records);
  if (full && last !== undefined)
    return { cursor: { ...cursor, afterId: last.id }, records: fresh, counters };
  const from = nextMillisecond(cursor.millisecond);
  const next: BulkCursor =
    cursor.until !== undefined && from >= cursor.until
      ? { phase: 'done', resourceType }
      : { phase: 'main', resourceType, from, ...until };
  return { cursor: next, records: fresh, counters };
}

/**
 * Halves what is left of a segment: [its position, its end) becomes [position, middle) and [middle, end),
 * on a millisecond boundary. The end of the open-ended segment is `splitBefore`, which must lie before the
 * walk started (records updated during the walk must stay in the open-ended segment); the second half
 * stays open-ended. Undefined when the cursor cannot be halved: not in the main phase, no position yet,
 * or less than two milliseconds left.
 */
export function bisectBulkCursor(
  cursor: BulkCursor,
  splitBefore: string,
): [BulkCursor, BulkCursor] | undefined {
  const left = remainingMs(cursor, splitBefore);
  if (cursor.phase !== 'main' || cursor.from === undefined || left < 2) return undefined;
  const middle = new Date(Date.parse(cursor.from) + Math.floor(left / 2)).toISOString();
  const { resourceType, until } = cursor;
  return [
    { ...cursor, until: middle },
    { phase: 'main', resourceType, from: middle, ...(until !== undefined ? { until } : {}) },
  ];
}

/** Milliseconds of LastModifiedDateTime a main-phase cursor has left to read up to its end (see bisect). */
export function remainingMs(cursor: BulkCursor, splitBefore: string): number {
  if (cursor.phase !== 'main' || cursor.from === undefined) return 0;
  const end = Date.parse(cursor.until ?? truncateToMillisecond(splitBefore));
  return Math.max(0, end - Date.parse(cursor.from));
}

/** The open-ended walk that stopped at `cursor`, resumed where it stopped; undefined if it cannot be. */
export function reopenBulkCursor(cursor: BulkCursor): BulkCursor | undefined {
  if (cursor.phase !== 'done' || cursor.stoppedAt === undefined) return undefined;
  const { from, after } = cursor.stoppedAt;
  return {
    phase: 'main',
    resourceType: cursor.resourceType,
    ...(from !== undefined ? { from } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}

/** Where the main phase stood after its last page: past the last record, or where it was. */
function stoppedAt(
  cursor: Extract<BulkCursor, { phase: 'main' }>,
  last: BulkRecord | undefined,
): { from?: string; after?: BulkPosition } {
  if (last !== undefined)
    return { from: truncateToMillisecond(last.lastModifiedDateTime), after: position(last) };
  return {
    ...(cursor.from !== undefined ? { from: cursor.from } : {}),
    ...(cursor.after !== undefined ? { after: cursor.after } : {}),
  };
}
