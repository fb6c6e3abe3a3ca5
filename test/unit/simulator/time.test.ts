import { formatTicks, parseTicks } from '../../../src/simulator/arlo-ticks';
import { ManualClock, SystemClock } from '../../../src/simulator/clock';
import { TimestampSource } from '../../../src/simulator/timestamp-source';

describe('Arlo ticks', () => {
  it('formats with exactly 7 fractional digits', () => {
    expect(formatTicks(parseTicks('2023-07-18T00:02:55.7577072Z')!)).toBe('2023-07-18T00:02:55.7577072Z');
    expect(formatTicks(parseTicks('2011-10-19T02:55:42.412Z')!)).toBe('2011-10-19T02:55:42.4120000Z');
    expect(formatTicks(parseTicks('2024-01-15T00:00:00Z')!)).toBe('2024-01-15T00:00:00.0000000Z');
  });

  it('parses UTC offsets to the same instant', () => {
    expect(parseTicks('2013-07-17T11:57:12.943+12:00')).toBe(parseTicks('2013-07-16T23:57:12.943Z'));
  });

  it('rejects what is not a timestamp', () => {
    expect(parseTicks('2013-07-16 23:57:12Z')).toBeUndefined();
    expect(parseTicks('2013-13-45T00:00:00Z')).toBeUndefined();
    expect(parseTicks('2013-07-16T23:57:12.12345678Z')).toBeUndefined();
  });
});

describe('TimestampSource', () => {
  it('hands out strictly increasing timestamps even when the clock stands still', () => {
    const source = new TimestampSource(new ManualClock('2024-01-15T09:00:00.0000000Z'));
    expect([source.next(), source.next(), source.next()]).toEqual([
      '2024-01-15T09:00:00.0000000Z',
      '2024-01-15T09:00:00.0000001Z',
      '2024-01-15T09:00:00.0000002Z',
    ]);
  });

  it('never goes back behind an observed instant (seeded records placed in the future)', () => {
    const source = new TimestampSource(new ManualClock('2024-01-15T09:00:00.000Z'));
    source.observe(parseTicks('2024-06-01T00:00:00.0000000Z')!);
    expect(source.next()).toBe('2024-06-01T00:00:00.0000001Z');
  });

  it('follows the system clock with sub-millisecond digits and never repeats', () => {
    const source = new TimestampSource(new SystemClock());
    const stamps = Array.from({ length: 1000 }, () => source.nextTicks());
    expect(new Set(stamps).size).toBe(1000);
    expect(stamps.every((t, i) => i === 0 || t > stamps[i - 1]!)).toBe(true);
  });
});

describe('clocks', () => {
  it('advances a manual clock by milliseconds', () => {
    const clock = new ManualClock('2024-01-15T09:00:00.0000000Z');
    clock.advance(1500);
    expect(formatTicks(clock.nowTicks())).toBe('2024-01-15T09:00:01.5000000Z');
  });

  it('never lets the system clock go back, to the 100 ns tick', () => {
    const clock = new SystemClock();
    const readings = Array.from({ length: 100_000 }, () => clock.nowTicks());
    expect(readings.every((t, i) => i === 0 || t >= readings[i - 1]!)).toBe(true);
  });

  it('keeps the system clock on the wall clock', () => {
    const before = BigInt(Date.now()) * 10_000n;
    const reading = new SystemClock().nowTicks();
    const after = BigInt(Date.now()) * 10_000n;
    // Date.now() counts whole milliseconds: allow one either side.
    expect(reading).toBeGreaterThanOrEqual(before - 10_000n);
    expect(reading).toBeLessThanOrEqual(after + 10_000n);
  });

  it('advances the system clock by an offset', () => {
    const clock = new SystemClock();
    const before = clock.nowTicks();
    clock.advance(86_400_000);
    expect(clock.nowTicks() - before).toBeGreaterThanOrEqual(864_000_000_000n);
  });
});
