/**
 * Drives the bulk cursor against a FakeArloCollection the way the bulk workflow will against Arlo: one
 * request per page with the filter strings of src/arlo/bulk-query.ts, the cursor round-tripped through
 * JSON between pages (as continueAsNew carries it), and a hard request limit so a loop fails the test
 * instead of hanging it.
 */
import { bulkPageRequest } from '../../src/arlo/bulk-query';
import { advanceBulkCursor, startBulkCursor, type BulkCursor } from '../../src/domain/bulk-cursor';
import {
  ZERO_PAGE_COUNTERS,
  addBulkPage,
  bulkSegments,
  initialBulkProgress,
  splitBulkWalk,
  type BulkWalkProgress,
} from '../../src/domain/bulk-walk';

import type { FakeArloCollection } from './fake-arlo-collection';

export interface WalkOptions {
  readonly since?: string;
  /** Called before each request with the number of requests made so far (e.g. to update records). */
  readonly beforeRequest?: (requestsSoFar: number) => void;
  readonly maxRequests?: number;
}

export interface WalkResult {
  /** How many times each ID was returned for upserting. */
  readonly returned: ReadonlyMap<string, number>;
  readonly requests: number;
  readonly alreadyReturned: number;
  readonly drains: number;
}

/** A deterministic PRNG (mulberry32), so every random dataset can be reproduced from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `2024-01-15T08:00:00.123` + 4 more digits: a 7-digit Arlo timestamp at `epochMs` plus `tick` × 100 ns. */
export function timestamp(epochMs: number, tick: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}${String(tick).padStart(4, '0')}Z`;
}

/** A 7-digit timestamp `ticks` × 100 ns after `value` (which has 7 digits, as FakeArloCollection.latest() gives). */
export function later(value: string, ticks: number): string {
  const epochMs = Date.parse(`${value.slice(0, 23)}Z`);
  const total = Number(value.slice(23, 27)) + ticks;
  return timestamp(epochMs + Math.floor(total / 10_000), total % 10_000);
}

/** What a walk has returned so far, page by page, and how many requests it made. */
class WalkTally {
  readonly returned = new Map<string, number>();
  alreadyReturned = 0;
  drains = 0;
  private readonly start: number;

  constructor(
    private readonly collection: FakeArloCollection,
    private readonly options: WalkOptions,
  ) {
    this.start = collection.requests;
  }

  get requests(): number {
    return this.collection.requests - this.start;
  }

  /** One request for `cursor`'s page, counted; fails the test after `maxRequests` (a loop). */
  readPage(cursor: BulkCursor, pageSize: number, state: () => string): BulkCursor {
    const request = bulkPageRequest(cursor, pageSize);
    if (request === undefined) throw new Error(`no page to read; ${state()}`);
    const maxRequests = this.options.maxRequests ?? 100_000;
    if (this.requests >= maxRequests) throw new Error(`no end after ${maxRequests} requests; ${state()}`);
    this.options.beforeRequest?.(this.requests);
    const step = advanceBulkCursor(cursor, this.collection.list(request));
    for (const record of step.records) this.returned.set(record.id, (this.returned.get(record.id) ?? 0) + 1);
    this.alreadyReturned += step.counters.alreadyReturned;
    if (step.cursor.phase === 'drain' && cursor.phase !== 'drain') this.drains += 1;
    // Round-tripped through JSON, as continueAsNew and activity results carry it.
    return JSON.parse(JSON.stringify(step.cursor)) as BulkCursor;
  }

  result(): WalkResult {
    const { returned, requests, alreadyReturned, drains } = this;
    return { returned, requests, alreadyReturned, drains };
  }
}

export function walk(
  collection: FakeArloCollection,
  pageSize: number,
  options: WalkOptions = {},
): WalkResult {
  let cursor: BulkCursor = startBulkCursor(
    'Contact',
    options.since === undefined ? {} : { since: options.since },
  );
  const tally = new WalkTally(collection, options);
  while (cursor.phase !== 'done') {
    cursor = tally.readPage(cursor, pageSize, () => `cursor ${JSON.stringify(cursor)}`);
  }
  return tally.result();
}

export interface SegmentedWalkOptions extends WalkOptions {
  readonly segments: number;
  /** The walk's start: segment boundaries lie before it by `marginMs` (0 here: tests choose the time). */
  readonly startedAt: string;
  /** Picks which unfinished segment's page is answered next (pages in flight finish in any order). */
  readonly random: () => number;
}

export interface SegmentedWalkResult extends WalkResult {
  /** The most segments running at once. */
  readonly segments: number;
  /** Segments the walk was cut into, over its whole length (each costs at least one request). */
  readonly created: number;
  /** Requests spent re-reading the open-ended segment after the others finished. */
  readonly recheckRequests: number;
}

/**
 * The bulk workflow's segmented walk (workflows/bulk-walk.ts) with its own bookkeeping
 * (src/domain/bulk-walk.ts: splitBulkWalk, addBulkPage): segments halved while fewer than wanted run,
 * their pages answered in a random order, the open-ended segment re-read after the others (one cursor).
 */
export function walkSegmented(
  collection: FakeArloCollection,
  pageSize: number,
  options: SegmentedWalkOptions,
): SegmentedWalkResult {
  const input = {
    platform: 'fake',
    resourceType: 'Contact' as const,
    mode: 'bulk' as const,
    pageSize,
    arloTaskQueue: 'fake',
    ...(options.since !== undefined ? { since: options.since } : {}),
  };
  const first = startBulkCursor('Contact', options.since === undefined ? {} : { since: options.since });
  let progress: BulkWalkProgress = initialBulkProgress(input, first, new Date(options.startedAt));
  const tally = new WalkTally(collection, options);
  let most = 1;
  // Segments dropped when the open-ended one is read again (the array restarts with it alone).
  let created = 0;
  let recheckRequests = 0;
  while (progress.status !== 'done') {
    // As the workflow does: the recheck reads with one cursor.
    progress = splitBulkWalk(progress, progress.rechecking ? 1 : options.segments, new Set(), 0);
    if (progress.rechecking) recheckRequests += 1;
    const open = bulkSegments(progress)
      .map((cursor, index) => ({ cursor, index }))
      .filter(({ cursor }) => cursor.phase !== 'done');
    most = Math.max(most, open.length);
    const { cursor, index } = open[Math.floor(options.random() * open.length)] as (typeof open)[number];
    const next = tally.readPage(cursor, pageSize, () => `progress ${JSON.stringify(progress)}`);
    const outcome = { cursor: next, counters: { ...ZERO_PAGE_COUNTERS }, repairedIds: [] };
    const before = bulkSegments(progress).length;
    progress = JSON.parse(
      JSON.stringify(addBulkPage(progress, outcome, new Date(), index)),
    ) as BulkWalkProgress;
    if (bulkSegments(progress).length < before) created += before;
  }
  return {
    ...tally.result(),
    segments: most,
    created: bulkSegments(progress).length + created,
    recheckRequests,
  };
}
