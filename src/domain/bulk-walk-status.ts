/**
 * What an operator sees of a bulk walk (`arlo-sync bulk status`, tests): the progress plus derived
 * figures. Arlo gives no total count, so "how far" is measured in time: the walk reads records in
 * LastModifiedDateTime order from `firstPosition` (since, or the first record) to the moment it started
 * (records updated later are read at the end), and every segment's cursor says how much of its range is
 * left. The ETA assumes the rest takes as long per unit of that range as the part already read.
 */
import type { BulkCursor } from './bulk-cursor';
import { bulkSegments, cursorPosition, recordsWalked, type BulkWalkProgress } from './bulk-walk';

export interface BulkWalkStatusView extends BulkWalkProgress {
  /**
   * Records read per second of the walk: up to now while it runs, up to its last page once it stopped
   * (done, cancelled or paused), so a finished walk's rate stays what it was.
   */
  readonly recordsPerSecond: number;
  /** 0..100; absent before the first page of a full load (nothing to measure from yet). */
  readonly percentDone?: number;
  /** While running, once something was read; absent otherwise. */
  readonly estimatedEnd?: string;
  /** Where the first unfinished segment stands in LastModifiedDateTime order; absent before the first page. */
  readonly position?: string;
}

export function bulkWalkStatusView(progress: BulkWalkProgress, now: Date): BulkWalkStatusView {
  const started = Date.parse(progress.startedAt);
  const until = progress.status === 'running' ? now.getTime() : Date.parse(progress.updatedAt);
  const elapsedMs = Math.max(1, until - started);
  const recordsPerSecond = Math.round(((recordsWalked(progress) * 1000) / elapsedMs) * 10) / 10;
  const position = cursorPosition(progress.cursor);
  const done = fractionDone(progress);
  // A running walk is not finished while it re-reads what changed meanwhile, however far its range is.
  const fraction = done !== undefined && progress.status !== 'done' ? Math.min(done, 0.999) : done;
  const view: BulkWalkStatusView = {
    ...progress,
    recordsPerSecond,
    ...(position !== undefined ? { position } : {}),
    ...(fraction !== undefined ? { percentDone: Math.round(fraction * 1000) / 10 } : {}),
  };
  if (progress.status !== 'running' || fraction === undefined || fraction <= 0 || fraction >= 1) return view;
  const remainingMs = (elapsedMs * (1 - fraction)) / fraction;
  return { ...view, estimatedEnd: new Date(now.getTime() + remainingMs).toISOString() };
}

/**
 * Share of the walk's time range already read, 0..1: one minus what the unfinished segments have left,
 * over the whole range. Undefined when the range is unknown (a full load before its first page).
 */
export function fractionDone(progress: BulkWalkProgress): number | undefined {
  if (progress.status === 'done') return 1;
  if (progress.firstPosition === undefined) return undefined;
  const from = Date.parse(progress.firstPosition);
  const end = Date.parse(progress.startedAt);
  const total = end - from;
  if (!(total > 0)) return undefined;
  let remaining = 0;
  for (const cursor of bulkSegments(progress)) {
    const left = leftToRead(cursor, from, end);
    if (left === undefined) return undefined;
    remaining += left;
  }
  return Math.min(1, Math.max(0, 1 - remaining / total));
}

/** Milliseconds of the range [from, end) a segment still has to read. */
function leftToRead(cursor: BulkCursor, from: number, end: number): number | undefined {
  if (cursor.phase === 'done') return 0;
  const position = cursor.phase === 'main' ? cursor.from : cursor.millisecond;
  const at = position === undefined ? from : Date.parse(position);
  const segmentEnd = cursor.until === undefined ? end : Math.min(end, Date.parse(cursor.until));
  return Number.isNaN(at) ? undefined : Math.max(0, segmentEnd - Math.max(at, from));
}
