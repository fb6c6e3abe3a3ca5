/**
 * The external system's side of the change feed, for end-to-end tests: a consumer that applies changes
 * to its own store in the order it receives them, and checks what the feed promises while it does:
 * one change per position (the same whenever it is seen again), and nothing seen again unless the
 * consumer crashed before storing the cursor of the page that carried it. Then its store is compared
 * record by record with the simulator's truth.
 */
import { isDeepStrictEqual } from 'node:util';

import type { FeedChange } from '../../src/domain/change-feed';
import { BULK_RESOURCE_TYPES } from '../../src/domain/resource-types';
import type { SimulatorControlClient } from '../../src/simulator';

interface ConsumedRecord {
  readonly lastModifiedDateTime: string | null;
  readonly fields: Readonly<Record<string, string>>;
  readonly deleted: boolean;
  readonly mergedInto: string | undefined;
}

export class ConsumerStore {
  readonly records = new Map<string, ConsumedRecord>();
  /** Every position received, with the change it carried (as JSON). */
  readonly positions = new Map<number, string>();
  /** Positions received more than once, and why that was allowed. */
  readonly redelivered: number[] = [];
  readonly violations: string[] = [];
  readonly origins = new Map<string, number>();
  /** The last cursor stored durably (with the records). */
  cursor = '0';
  /** Positions received since the cursor was last stored: the only ones that may come again. */
  private uncommitted = new Set<number>();
  /** Positions of uncommitted pages at the time of a crash: allowed to come once more. */
  private mayComeAgain = new Set<number>();

  apply(change: FeedChange): void {
    const position = Number(change.cursor);
    const json = JSON.stringify(change);
    if (position <= Number(this.cursor)) {
      this.violations.push(`position ${position} arrived although the stored cursor is ${this.cursor}`);
    }
    const earlier = this.positions.get(position);
    if (earlier !== undefined) {
      if (earlier !== json) this.violations.push(`position ${position} carried two different changes`);
      if (!this.mayComeAgain.delete(position)) {
        this.violations.push(`position ${position} arrived twice without a crash in between`);
      }
      this.redelivered.push(position);
    }
    this.positions.set(position, json);
    this.uncommitted.add(position);
    this.origins.set(change.origin, (this.origins.get(change.origin) ?? 0) + 1);
    this.records.set(`${change.resourceType}:${change.resourceId}`, {
      lastModifiedDateTime: change.lastModifiedDateTime,
      fields: change.record.fields,
      deleted: change.record.deleted,
      mergedInto: change.record.mergedInto,
    });
  }

  /** The page is processed: store its cursor with the records (one transaction in a real consumer). */
  commit(next: string): void {
    this.cursor = next;
    this.uncommitted.clear();
  }

  /** The consumer died: what it received since the last stored cursor will be read again. */
  crash(): void {
    for (const position of this.uncommitted) this.mayComeAgain.add(position);
    this.uncommitted.clear();
  }

  /** Every live record of the bulk types and every deletion or merge, compared with the simulator's truth. */
  async compareWithTruth(
    control: SimulatorControlClient,
  ): Promise<{ compared: number; differences: string[] }> {
    const differences: string[] = [];
    let compared = 0;
    for (const type of BULK_RESOURCE_TYPES) {
      for (const truth of await control.truth(type)) {
        compared += 1;
        const held = this.records.get(`${type}:${truth.id}`);
        const label = `${type} ${truth.id}`;
        if (truth.mergedInto !== undefined) {
          if (held?.mergedInto !== truth.mergedInto)
            differences.push(`${label}: not merged into ${truth.mergedInto}`);
        } else if (truth.deleted) {
          if (held?.deleted !== true) differences.push(`${label}: not deleted`);
        } else if (!held || held.deleted) {
          differences.push(`${label}: ${held ? 'deleted' : 'missing'}`);
        } else if (held.lastModifiedDateTime !== truth.lastModifiedDateTime) {
          differences.push(`${label}: version ${held.lastModifiedDateTime} ≠ ${truth.lastModifiedDateTime}`);
        } else if (!isDeepStrictEqual(plain(held.fields), plain(truth.fields))) {
          differences.push(`${label}: ${JSON.stringify(held.fields)} ≠ ${JSON.stringify(truth.fields)}`);
        }
      }
    }
    return { compared, differences };
  }
}

/** The same data as objects of this realm: what fetch parsed has another realm's prototypes under Jest. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** A deterministic PRNG (mulberry32): the same seed gives the same crash points. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
