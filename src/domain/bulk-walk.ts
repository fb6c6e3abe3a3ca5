/**
 * Types and pure bookkeeping of the bulk walk (workflows/bulk-walk.ts): one long-running workflow per
 * platform and resource type that walks a collection with the cursor of ./bulk-cursor.ts, one activity
 * per page. Everything here is plain JSON, small, and safe in the workflow sandbox: the progress is
 * carried through `continueAsNew`, answered to the progress query and copied into the memo.
 */
import { truncateToMillisecond } from './arlo-timestamp';
import { bisectBulkCursor, remainingMs, reopenBulkCursor, type BulkCursor } from './bulk-cursor';
import type { BulkResourceType } from './resource-types';

export const BULK_WALK_WORKFLOW_TYPE = 'bulkWalk';
export const RECONCILE_WORKFLOW_TYPE = 'reconcileChanges';

/** `bulk`: an initial load or full re-import; `reconcile`: a changed-since audit that reports repairs. */
export const BULK_WALK_MODES = ['bulk', 'reconcile'] as const;
export type BulkWalkMode = (typeof BULK_WALK_MODES)[number];

/** How many repaired IDs a walk lists (the count is always exact): bounded so history stays small. */
export const BULK_LISTED_IDS = 1000;

export const BULK_WALK_STATUSES = ['running', 'paused', 'cancelled', 'done'] as const;
export type BulkWalkStatus = (typeof BULK_WALK_STATUSES)[number];

export interface BulkWalkInput {
  readonly platform: string;
  readonly resourceType: BulkResourceType;
  readonly mode: BulkWalkMode;
  /** Records changed at or after this UTC timestamp only; absent: the whole collection. */
  readonly since?: string;
  /** Records per page (one Arlo request each), 1..250. */
  readonly pageSize: number;
  /** Where the page activity runs: the rate-limited Arlo task queue. */
  readonly arloTaskQueue: string;
  /**
   * Pages in flight at once, each reading its own time range of the collection (1..8; absent: 1). One
   * page at a time is bound by each page's round trip; a few keep the shared rate budget busy.
   */
  readonly segments?: number;
  /** Carried over continue-as-new within one walk. */
  readonly progress?: BulkWalkProgress;
}

/** The counters one page activity returns (and the walk sums). */
export interface BulkPageCounters {
  /** Records on the page. */
  readonly received: number;
  /** Records of the page already returned by an earlier page (the re-read millisecond tail). */
  readonly alreadyReturned: number;
  /** New to the mirror. */
  readonly inserted: number;
  /** Newer than the mirror's copy. */
  readonly updated: number;
  /** The mirror held this version, a newer one, or a tombstone: left alone. */
  readonly notNewer: number;
}

export const ZERO_PAGE_COUNTERS: BulkPageCounters = {
  received: 0,
  alreadyReturned: 0,
  inserted: 0,
  updated: 0,
  notNewer: 0,
};

export interface BulkWalkProgress {
  readonly platform: string;
  readonly resourceType: BulkResourceType;
  readonly mode: BulkWalkMode;
  readonly since?: string;
  readonly status: BulkWalkStatus;
  /** The first unfinished segment's cursor (the last one's once all are done). */
  readonly cursor: BulkCursor;
  /** Every segment's cursor (one of them open-ended); absent: one segment, `cursor`. */
  readonly segments?: readonly BulkCursor[];
  /**
   * The open-ended segment, stopped while other segments were still being read: it is read once more
   * after them, for records updated meanwhile (they move to the end of the order).
   */
  readonly recheck?: BulkCursor;
  /**
   * The walk is reading `recheck`: past the collection's last record as of the main phase, where only
   * records updated during the walk can lie (their LastModifiedDateTime is after the walk started). One
   * cursor reads them: halving that range would only spend requests on empty pages.
   */
  readonly rechecking?: true;
  /**
   * Where the walk's records begin in LastModifiedDateTime order (a millisecond): `since`, or the first
   * record's time on the first page of a full load. The status view measures progress from here.
   */
  readonly firstPosition?: string;
  /** Pages read so far = Arlo requests the walk spent. */
  readonly pages: number;
  readonly counters: BulkPageCounters;
  /** Records the mirror lacked or held older (inserted + updated): what webhooks had missed. */
  readonly repairedCount: number;
  /** The first repaired IDs, in reconcile mode only; the count is exact, the list capped. */
  readonly repairedIds: readonly string[];
  /** ISO time the walk started (first run of the continue-as-new chain). */
  readonly startedAt: string;
  readonly updatedAt: string;
  /** Continue-as-new runs so far (1 for the first). */
  readonly runs: number;
}

export type BulkWalkResult = BulkWalkProgress;

export function initialBulkProgress(input: BulkWalkInput, cursor: BulkCursor, now: Date): BulkWalkProgress {
  return {
    platform: input.platform,
    resourceType: input.resourceType,
    mode: input.mode,
    ...(input.since !== undefined
      ? { since: input.since, firstPosition: truncateToMillisecond(input.since) }
      : {}),
    status: 'running',
    cursor,
    pages: 0,
    counters: ZERO_PAGE_COUNTERS,
    repairedCount: 0,
    repairedIds: [],
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    runs: 1,
  };
}

export interface BulkPageOutcome {
  readonly cursor: BulkCursor;
  readonly counters: BulkPageCounters;
  /** IDs inserted or updated by this page (reconcile mode only; at most one page). */
  readonly repairedIds: readonly string[];
  /** LastModifiedDateTime of the page's first record, if it had one (where a full load begins). */
  readonly firstRecordAt?: string;
}

/** Every segment's cursor. */
export function bulkSegments(progress: BulkWalkProgress): readonly BulkCursor[] {
  return progress.segments ?? [progress.cursor];
}

/** The progress with its segments replaced (after a split, or a page). */
export function withBulkSegments(
  progress: BulkWalkProgress,
  segments: readonly BulkCursor[],
): BulkWalkProgress {
  const running = segments.find((cursor) => cursor.phase !== 'done');
  return { ...progress, segments, cursor: running ?? (segments.at(-1) as BulkCursor) };
}

/**
 * Segment boundaries lie at least this long before the walk started, so that a record updated during the
 * walk (its LastModifiedDateTime moves to Arlo's "now") lands in the open-ended segment even if Arlo's
 * clock runs behind ours.
 */
export const SPLIT_CLOCK_MARGIN_MS = 60 * 60_000;

/**
 * Keeps `segments` segments running: while fewer run, halves the segment with the most time left to read
 * (one with no page in flight, in the main phase), and appends the second half. With records spread
 * unevenly over time, a half that holds nothing ends after one short page and the other half is halved
 * again, so the split follows where the records are. Segment boundaries lie SPLIT_CLOCK_MARGIN_MS before
 * the walk started at the latest.
 */
export function splitBulkWalk(
  progress: BulkWalkProgress,
  segments: number,
  inFlight: ReadonlySet<number> = new Set(),
  marginMs = SPLIT_CLOCK_MARGIN_MS,
): BulkWalkProgress {
  if (segments < 2 || progress.status === 'done') return progress;
  const splitBefore = new Date(Date.parse(progress.startedAt) - marginMs).toISOString();
  const cursors = [...bulkSegments(progress)];
  for (;;) {
    const running = cursors.filter((cursor) => cursor.phase !== 'done').length;
    if (running >= segments) break;
    let widest: { index: number; halves: [BulkCursor, BulkCursor]; left: number } | undefined;
    cursors.forEach((cursor, index) => {
      const halves = inFlight.has(index) ? undefined : bisectBulkCursor(cursor, splitBefore);
      const left = remainingMs(cursor, splitBefore);
      if (halves !== undefined && (widest === undefined || left > widest.left))
        widest = { index, halves, left };
    });
    if (widest === undefined) break;
    cursors[widest.index] = widest.halves[0];
    cursors.push(widest.halves[1]);
  }
  return cursors.length === bulkSegments(progress).length ? progress : withBulkSegments(progress, cursors);
}

/** The progress after one page of segment `segment`. */
export function addBulkPage(
  progress: BulkWalkProgress,
  page: BulkPageOutcome,
  now: Date,
  segment = 0,
): BulkWalkProgress {
  const c = progress.counters;
  const p = page.counters;
  const repaired = p.inserted + p.updated;
  let segments = bulkSegments(progress).map((cursor, index) => (index === segment ? page.cursor : cursor));
  let recheck = progress.recheck;
  // Only the open-ended segment stops with a place to reopen; other segments still running then.
  const anyRunning = segments.some((cursor) => cursor.phase !== 'done');
  const reopened = reopenBulkCursor(page.cursor);
  if (anyRunning && reopened !== undefined) recheck = reopened;
  const rechecking = progress.rechecking === true || (!anyRunning && recheck !== undefined);
  if (!anyRunning && recheck !== undefined) {
    segments = [recheck];
    recheck = undefined;
  }
  const done = segments.every((cursor) => cursor.phase === 'done');
  const { recheck: _previous, rechecking: _before, ...rest } = progress;
  const firstPosition =
    progress.firstPosition ??
    (page.firstRecordAt !== undefined ? truncateToMillisecond(page.firstRecordAt) : undefined);
  return {
    ...withBulkSegments(rest, segments),
    ...(firstPosition !== undefined ? { firstPosition } : {}),
    ...(recheck !== undefined ? { recheck } : {}),
    ...(rechecking ? { rechecking: true as const } : {}),
    status: done ? 'done' : progress.status,
    pages: progress.pages + 1,
    counters: {
      received: c.received + p.received,
      alreadyReturned: c.alreadyReturned + p.alreadyReturned,
      inserted: c.inserted + p.inserted,
      updated: c.updated + p.updated,
      notNewer: c.notNewer + p.notNewer,
    },
    repairedCount: progress.repairedCount + repaired,
    repairedIds:
      progress.repairedIds.length >= BULK_LISTED_IDS
        ? progress.repairedIds
        : [...progress.repairedIds, ...page.repairedIds].slice(0, BULK_LISTED_IDS),
    updatedAt: now.toISOString(),
  };
}

/** Records the walk has read for the first time (re-read tails excluded). */
export function recordsWalked(progress: BulkWalkProgress): number {
  return progress.counters.received - progress.counters.alreadyReturned;
}

/** The cursor's place in LastModifiedDateTime order (a millisecond), if it has one. */
export function cursorPosition(cursor: BulkCursor): string | undefined {
  switch (cursor.phase) {
    case 'main':
      return cursor.from;
    case 'drain':
      return cursor.millisecond;
    case 'done':
      return undefined;
  }
}

/** The reconcile workflow's input: one per platform, started by its schedule. */
export interface ReconcileChangesInput {
  readonly platform: string;
  readonly pageSize: number;
  readonly arloTaskQueue: string;
  /** How far back from the run's start to look: 24 hours plus an overlap, in minutes. */
  readonly windowMinutes: number;
}

export interface ReconcileChangesResult {
  readonly platform: string;
  readonly since: string;
  /** Everything webhooks had missed, over all resource types. */
  readonly repairedCount: number;
  readonly byType: Readonly<
    Record<string, { readonly repairedCount: number; readonly repairedIds: readonly string[] }>
  >;
}

/** Signal and query names, shared by the workflow and its clients (CLI, tests). */
export const BULK_WALK_SIGNALS = {
  pause: 'bulkWalkPause',
  resume: 'bulkWalkResume',
  cancel: 'bulkWalkCancel',
} as const;
export const BULK_WALK_QUERIES = { progress: 'bulkWalkProgress' } as const;
/** The memo key holding the latest progress (visible in the Web UI without a worker). */
export const BULK_WALK_MEMO_KEY = 'bulkWalkProgress';
