/**
 * Drives the bulk cursor against a FakeArloCollection the way the bulk workflow will against Arlo: one
 * request per page with the filter strings of src/arlo/bulk-query.ts, the cursor round-tripped through
 * JSON between pages (as continueAsNew carries it), and a hard request limit so a loop fails the test
 * instead of hanging it.
 */
import { bulkPageRequest } from '../../src/arlo/bulk-query';
import { advanceBulkCursor, startBulkCursor, type BulkCursor } from '../../src/domain/bulk-cursor';

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

export function walk(
  collection: FakeArloCollection,
  pageSize: number,
  options: WalkOptions = {},
): WalkResult {
  const maxRequests = options.maxRequests ?? 100_000;
  let cursor: BulkCursor = startBulkCursor(
    'Contact',
    options.since === undefined ? {} : { since: options.since },
  );
  const returned = new Map<string, number>();
  let alreadyReturned = 0;
  let drains = 0;
  const start = collection.requests;
  for (;;) {
    const request = bulkPageRequest(cursor, pageSize);
    if (request === undefined) break;
    if (collection.requests - start >= maxRequests) {
      throw new Error(`no end after ${maxRequests} requests; cursor ${JSON.stringify(cursor)}`);
    }
    options.beforeRequest?.(collection.requests - start);
    const step = advanceBulkCursor(cursor, collection.list(request));
    for (const record of step.records) returned.set(record.id, (returned.get(record.id) ?? 0) + 1);
    alreadyReturned += step.counters.alreadyReturned;
    if (step.cursor.phase === 'drain' && cursor.phase !== 'drain') drains += 1;
    cursor = JSON.parse(JSON.stringify(step.cursor)) as BulkCursor;
  }
  return { returned, requests: collection.requests - start, alreadyReturned, drains };
}
