/**
 * Seeds a platform with N deterministic records per type. Timestamps can reproduce the cursor precision
 * trap of api-notes.md on purpose: `identical` gives every record the same 7-digit timestamp;
 * `sameMillisecond` gives each a distinct 100 ns tick inside ONE millisecond (so a millisecond filter
 * literal cannot tell them apart); `spaced` puts them `stepMs` apart from `at`; `now` (the default)
 * stamps each as a normal write. Seeds are silent (no events, no webhooks) unless `emitEvents` is set.
 */
import { z } from 'zod';

import { badRequest } from '../api-error';
import { parseTicks } from '../arlo-ticks';
import { TICKS_PER_MILLISECOND } from '../clock';
import { emptyState } from '../platform';
import type { SimulatorCore } from '../simulator-core';
import { applyRecordInput } from '../write/record-input';
import { sampleRecord, SEED_ORDER, type SeedableType } from './sample-data';

export const seedRequestSchema = z
  .object({
    counts: z.partialRecord(z.enum(SEED_ORDER), z.number().int().min(0).max(200_000)),
    lastModified: z
      .object({
        mode: z.enum(['now', 'identical', 'sameMillisecond', 'spaced']),
        /** A UTC timestamp (up to 7 fractional digits); default: now. */
        at: z.string().optional(),
        /** For `spaced`: milliseconds between consecutive records. */
        stepMs: z.number().int().min(0).max(86_400_000).optional(),
      })
      .strict()
      .optional(),
    emitEvents: z.boolean().optional(),
  })
  .strict();

export type SeedRequest = z.infer<typeof seedRequestSchema>;

export interface SeedResult {
  /** IDs created, per type, in creation order. */
  readonly created: Partial<Record<SeedableType, string[]>>;
}

const MAX_TICKS_PER_MILLISECOND = Number(TICKS_PER_MILLISECOND);

export function seed(core: SimulatorCore, request: SeedRequest): SeedResult {
  const platform = core.platform;
  const store = platform.store;
  const total = SEED_ORDER.reduce((sum, type) => sum + (request.counts[type] ?? 0), 0);
  const mode = request.lastModified?.mode ?? 'now';
  const at = request.lastModified?.at;
  let base = platform.timestamps.nextTicks();
  if (at !== undefined) {
    const parsed = parseTicks(at);
    if (parsed === undefined)
      throw badRequest('InvalidTimestamp', `lastModified.at "${at}" is not a UTC timestamp`);
    base = parsed;
  }
  if (mode === 'sameMillisecond' && total > MAX_TICKS_PER_MILLISECOND) {
    throw badRequest(
      'TooManyRecords',
      `sameMillisecond fits at most ${MAX_TICKS_PER_MILLISECOND} records (100 ns ticks in 1 ms)`,
    );
  }
  const msStart = (base / TICKS_PER_MILLISECOND) * TICKS_PER_MILLISECOND;
  const spread =
    mode === 'sameMillisecond'
      ? BigInt(Math.max(1, Math.floor(MAX_TICKS_PER_MILLISECOND / Math.max(1, total))))
      : 0n;
  const step = BigInt(request.lastModified?.stepMs ?? 1) * TICKS_PER_MILLISECOND;
  const ticksFor = (index: number): bigint | undefined => {
    switch (mode) {
      case 'identical':
        return base;
      case 'sameMillisecond':
        return msStart + BigInt(index) * spread;
      case 'spaced':
        return base + BigInt(index) * step;
      default:
        return undefined;
    }
  };
  const rng = core.users.derive(`seed-${store.count('Contact')}-${platform.events.peekNextId()}`);
  const now = new Date(Number(platform.clock.nowTicks() / TICKS_PER_MILLISECOND));
  const pools = Object.fromEntries(SEED_ORDER.map((t) => [t, store.live(t).map((r) => r.id)])) as Record<
    SeedableType,
    string[]
  >;
  const created: Partial<Record<SeedableType, string[]>> = {};
  let index = 0;
  for (const type of SEED_ORDER) {
    const count = request.counts[type] ?? 0;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const serial = store.count(type) + 1;
      const input = sampleRecord(type, rng, serial, pools, now);
      const state = applyRecordInput(type, emptyState(), input, store);
      const ticks = ticksFor(index++);
      const record = platform.create(type, state, {
        ...(ticks === undefined ? {} : { ticks }),
        emitEvent: request.emitEvents ?? false,
      });
      ids.push(record.id);
      pools[type].push(record.id);
    }
    if (count > 0) created[type] = ids;
  }
  return { created };
}
