import { formatTicks } from './arlo-ticks';
import type { Clock } from './clock';

/**
 * Hands out write timestamps that strictly increase, even when many writes land in one clock tick: each
 * write gets `max(now, previous + 1 tick)`. Seeds that deliberately place records at chosen instants tell
 * it afterwards (`observe`), so later writes stay strictly later.
 */
export class TimestampSource {
  private last = 0n;

  constructor(private readonly clock: Clock) {}

  nextTicks(): bigint {
    const now = this.clock.nowTicks();
    this.last = now > this.last ? now : this.last + 1n;
    return this.last;
  }

  next(): string {
    return formatTicks(this.nextTicks());
  }

  observe(ticks: bigint): void {
    if (ticks > this.last) this.last = ticks;
  }
}
