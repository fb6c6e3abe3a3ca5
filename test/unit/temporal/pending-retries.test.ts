import type { GrpcRetryOptions } from '@temporalio/client';

import { PendingRetries } from '../../../src/temporal/pending-retries';

type StatusObject = Parameters<GrpcRetryOptions['retryableDecider']>[1];
/** A failed call's status; the pinned backoff below decides whatever it holds. */
const unavailable = { details: 'server busy' } as StatusObject;

/** The client's backoff, pinned: always retry, the delay a test chooses. */
function base(delayMs: number): GrpcRetryOptions {
  return { retryableDecider: () => true, delayFunction: () => delayMs };
}

function subject(delayMs: number) {
  const clock = { now: 1_000 };
  const slept: number[] = [];
  const retries = new PendingRetries({
    base: base(delayMs),
    now: () => clock.now,
    sleep: (ms) => {
      slept.push(ms);
      clock.now += ms;
      return Promise.resolve();
    },
  });
  return { retries, clock, slept };
}

describe('PendingRetries', () => {
  it("keeps the client's backoff while open", () => {
    const { retries } = subject(700);
    expect(retries.options.retryableDecider(1, unavailable)).toBe(true);
    expect(retries.options.delayFunction(1, unavailable)).toBe(700);
  });

  it('waits, when settling, until the last scheduled retry has started, then refuses more', async () => {
    const { retries, clock, slept } = subject(2_000);
    retries.options.delayFunction(1, unavailable); // due at 3,000
    clock.now += 500;
    retries.options.delayFunction(2, unavailable); // due at 3,500: the last one due
    clock.now += 1_000; // 2,500

    await retries.settle();

    expect(slept).toEqual([1_000 + 50]);
    expect(clock.now).toBeGreaterThan(3_500);
    expect(retries.options.retryableDecider(3, unavailable)).toBe(false);
  });

  it('does not wait when every scheduled retry has started already', async () => {
    const { retries, clock, slept } = subject(100);
    retries.options.delayFunction(1, unavailable);
    clock.now += 101;
    await retries.settle();
    expect(slept).toEqual([]);
  });

  it('does not wait when nothing was ever retried', async () => {
    const { retries, slept } = subject(100);
    await retries.settle();
    expect(slept).toEqual([]);
  });
});
