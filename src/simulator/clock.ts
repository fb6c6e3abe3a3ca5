/**
 * Time inside the simulator. Arlo timestamps have 7 fractional digits (100 ns "ticks"), so time is
 * carried as a bigint tick count since the Unix epoch. The clock is injectable and can be advanced
 * (control API), so 5-day retention, the rate-limit window and timestamps are testable without waiting.
 */
import { hrtime } from 'node:process';

import { parseTicks, TICKS_PER_MILLISECOND } from './arlo-ticks';

export { TICKS_PER_MILLISECOND } from './arlo-ticks';

export interface Clock {
  /** Current time in 100 ns ticks since 1970-01-01T00:00:00Z. */
  nowTicks(): bigint;
  /** Moves the clock forward (never backward). */
  advance(milliseconds: number): void;
}

export function ticksToMilliseconds(ticks: bigint): number {
  return Number(ticks / TICKS_PER_MILLISECOND);
}

/**
 * Wall-clock time plus an offset, read as the wall clock at construction plus the monotonic
 * high-resolution timer since then: 100 ns digits that never go back. (Date.now() with hrtime's
 * sub-millisecond digits bolted on went back by up to 1 ms whenever the two ticked over at different
 * moments.)
 */
export class SystemClock implements Clock {
  private readonly wallAtStartTicks = BigInt(Date.now()) * TICKS_PER_MILLISECOND;
  private readonly hrtimeAtStart = hrtime.bigint();
  private offsetTicks = 0n;

  nowTicks(): bigint {
    const elapsedTicks = (hrtime.bigint() - this.hrtimeAtStart) / 100n;
    return this.wallAtStartTicks + elapsedTicks + this.offsetTicks;
  }

  advance(milliseconds: number): void {
    this.offsetTicks += BigInt(Math.max(0, Math.round(milliseconds))) * TICKS_PER_MILLISECOND;
  }
}

/** Frozen time that moves only when told to: for tests that need exact timestamps. */
export class ManualClock implements Clock {
  private ticks: bigint;

  /** `start` may carry 7 fractional digits (`2023-07-18T00:02:55.7577071Z`). */
  constructor(start: Date | string = '2024-01-15T09:00:00.000Z') {
    const ticks =
      typeof start === 'string' ? parseTicks(start) : BigInt(start.getTime()) * TICKS_PER_MILLISECOND;
    if (ticks === undefined) throw new RangeError(`not a UTC timestamp: ${String(start)}`);
    this.ticks = ticks;
  }

  nowTicks(): bigint {
    return this.ticks;
  }

  advance(milliseconds: number): void {
    this.ticks += BigInt(Math.max(0, Math.round(milliseconds * 10_000)));
  }
}
