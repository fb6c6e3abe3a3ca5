import { BatchOutcomeHandoff } from '../../../src/domain/batch-outcome-handoff';

/** Whether the promise has settled by the time already-queued microtasks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise, Promise.resolve(pending)])) !== pending;
}

describe('BatchOutcomeHandoff', () => {
  it('gives a batch outcomes handed over in this process to its waiter, once', async () => {
    const handoff = new BatchOutcomeHandoff<string>();
    const expected = handoff.expect('batch-1');
    expect(handoff.waitingBatches).toBe(1);

    expect(handoff.handOver('batch-1', ['a', 'b'])).toBe(true);
    await expect(expected.handedOver).resolves.toEqual(['a', 'b']);
    expect(handoff.waitingBatches).toBe(0);
    // Handed over already: a second hand-over (a retried activity attempt) finds nobody waiting.
    expect(handoff.handOver('batch-1', ['c'])).toBe(false);
  });

  it('refuses outcomes nobody here waits for (a batch another worker process started)', () => {
    const handoff = new BatchOutcomeHandoff<string>();
    const other = handoff.expect('batch-mine');
    expect(handoff.handOver('batch-theirs', ['x'])).toBe(false);
    expect(handoff.waitingBatches).toBe(1);
    other.stop();
  });

  it('forgets a stopped wait: its promise stays pending and a later hand-over is refused', async () => {
    const handoff = new BatchOutcomeHandoff<string>();
    const expected = handoff.expect('batch-2');
    expected.stop();
    expect(handoff.waitingBatches).toBe(0);
    expect(handoff.handOver('batch-2', ['late'])).toBe(false);
    expect(await settled(expected.handedOver)).toBe(false);
  });

  it('keeps one waiter per batch', () => {
    const handoff = new BatchOutcomeHandoff<string>();
    handoff.expect('batch-3');
    expect(() => handoff.expect('batch-3')).toThrow('batch batch-3 is awaited already');
  });
});
