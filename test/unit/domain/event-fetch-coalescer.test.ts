import { EventFetchCoalescer, type CoalescedFetchRequest } from '../../../src/domain/event-fetch-coalescer';

/** Timers the test fires by hand, so the batching rules are checked without waiting. */
class ManualTimers {
  private readonly pending = new Map<number, { ms: number; fire: () => void }>();
  private next = 0;
  readonly start = (ms: number, fire: () => void) => {
    const id = this.next++;
    this.pending.set(id, { ms, fire });
    return () => this.pending.delete(id);
  };
  get running(): number {
    return this.pending.size;
  }
  /** The delays of the timers now running. */
  get delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach((t) => t.fire());
  }
}

/** A batch runner whose batches the test finishes by hand. */
class ManualBatches {
  readonly batches: { ids: string[]; finish(): void; fail(error: Error): void }[] = [];
  readonly run = (batch: readonly AskedRequest[]) =>
    new Promise<ReadonlyMap<string, string>>((resolve, reject) => {
      const ids = batch.map((r) => r.eventId);
      this.batches.push({
        ids,
        finish: () => resolve(new Map(ids.map((id) => [id, `fetched ${id}`]))),
        fail: reject,
      });
    });
}

type AskedRequest = CoalescedFetchRequest & { readonly asker?: string };

const request = (eventId: string, resourceId = `r${eventId}`, asker?: string): AskedRequest => ({
  eventId,
  resourceType: 'Contact',
  resourceId,
  ...(asker === undefined ? {} : { asker }),
});
const settle = () => new Promise((resolve) => setImmediate(resolve));

function coalescer(
  options: {
    windowMs?: number;
    maxEventsPerBatch?: number;
    maxBatchesInFlight?: number;
    rememberMs?: number;
    minIntervalMs?: number;
  } = {},
) {
  const timers = new ManualTimers();
  const batches = new ManualBatches();
  const clock = { now: 1_000_000 };
  const subject = new EventFetchCoalescer<string, AskedRequest>({
    sameAsker: (first, later) => first.asker === later.asker,
    windowMs: options.windowMs ?? 150,
    maxEventsPerBatch: options.maxEventsPerBatch ?? 10,
    maxBatchesInFlight: options.maxBatchesInFlight ?? 4,
    rememberMs: options.rememberMs ?? 0,
    minIntervalMs: options.minIntervalMs ?? 0,
    runBatch: batches.run,
    startTimer: timers.start,
    now: () => clock.now,
  });
  return { subject, timers, batches, clock };
}

describe('EventFetchCoalescer', () => {
  it("sends a callback's events, arriving one by one, as ONE batch once the window has passed", async () => {
    const { subject, timers, batches } = coalescer();
    const answers = ['1', '2', '3'].map((id) => subject.fetch(request(id)));
    expect(batches.batches).toHaveLength(0);
    expect(timers.running).toBe(1);

    timers.fireAll();
    expect(batches.batches.map((b) => b.ids)).toEqual([['1', '2', '3']]);
    batches.batches[0]!.finish();
    expect(await Promise.all(answers)).toEqual(['fetched 1', 'fetched 2', 'fetched 3']);
  });

  it('sends a full batch at once, without waiting for the window', () => {
    const { subject, timers, batches } = coalescer({ maxEventsPerBatch: 3 });
    ['1', '2', '3', '4'].forEach((id) => void subject.fetch(request(id)));
    expect(batches.batches.map((b) => b.ids)).toEqual([['1', '2', '3']]);
    expect(timers.running).toBe(1); // The fourth waits for its own window.
  });

  it('answers every request for one event from one fetch', async () => {
    const { subject, timers, batches } = coalescer();
    const first = subject.fetch(request('7'));
    timers.fireAll();
    const again = subject.fetch(request('7')); // While in flight: joins it.
    batches.batches[0]!.finish();
    expect(await Promise.all([first, again])).toEqual(['fetched 7', 'fetched 7']);
    expect(batches.batches).toHaveLength(1);
  });

  it('holds at most maxBatchesInFlight, and sends a full batch that queued meanwhile as soon as one finishes', async () => {
    const { subject, timers, batches } = coalescer({ maxEventsPerBatch: 2, maxBatchesInFlight: 1 });
    ['1', '2', '3', '4', '5'].forEach((id) => void subject.fetch(request(id)));
    expect(batches.batches.map((b) => b.ids)).toEqual([['1', '2']]);
    batches.batches[0]!.finish();
    await settle();
    expect(batches.batches.map((b) => b.ids)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    batches.batches[1]!.finish();
    await settle();
    expect(batches.batches).toHaveLength(2); // A part-filled batch still gets its window…
    timers.fireAll();
    expect(batches.batches.map((b) => b.ids)).toEqual([['1', '2'], ['3', '4'], ['5']]);
  });

  it('sends a part-filled batch whose window passed behind a full pipeline as soon as a slot frees', async () => {
    const { subject, timers, batches } = coalescer({ maxEventsPerBatch: 2, maxBatchesInFlight: 1 });
    ['1', '2', '3'].forEach((id) => void subject.fetch(request(id)));
    timers.fireAll(); // The window of '3' passes while the only slot is taken.
    expect(batches.batches).toHaveLength(1);
    batches.batches[0]!.finish();
    await settle();
    expect(batches.batches.map((b) => b.ids)).toEqual([['1', '2'], ['3']]);
  });

  it('never lets two batches write one record at once', async () => {
    const { subject, timers, batches } = coalescer();
    void subject.fetch(request('1', 'same'));
    timers.fireAll();
    void subject.fetch(request('2', 'same'));
    void subject.fetch(request('3', 'other'));
    timers.fireAll();
    expect(batches.batches.map((b) => b.ids)).toEqual([['1'], ['3']]);
    batches.batches[0]!.finish();
    await settle();
    timers.fireAll();
    expect(batches.batches.map((b) => b.ids)).toEqual([['1'], ['3'], ['2']]);
  });

  it("rejects every waiter of a failed batch with the batch's error, and carries on", async () => {
    const { subject, timers, batches } = coalescer();
    const answers = ['1', '2'].map((id) => subject.fetch(request(id)));
    timers.fireAll();
    batches.batches[0]!.fail(new Error('Temporal unavailable'));
    for (const answer of answers) await expect(answer).rejects.toThrow('Temporal unavailable');

    const next = subject.fetch(request('3'));
    timers.fireAll();
    batches.batches[1]!.finish();
    expect(await next).toBe('fetched 3');
    expect(subject.state()).toEqual({ queued: 0, inFlight: 0, batchesInFlight: 0, remembered: 0 });
  });

  it('answers a repeated request for a just-fetched event from memory, without a second batch', async () => {
    const { subject, timers, batches, clock } = coalescer({ rememberMs: 60_000 });
    const first = subject.fetch(request('7'));
    timers.fireAll();
    batches.batches[0]!.finish();
    expect(await first).toBe('fetched 7');

    clock.now += 59_999;
    expect(await subject.fetch(request('7'))).toBe('fetched 7');
    expect(batches.batches).toHaveLength(1);
    expect(subject.state()).toMatchObject({ queued: 0, remembered: 1 });
  });

  it("answers another asker's request neither from memory nor from the fetch in flight: it gets a batch of its own", async () => {
    const { subject, timers, batches } = coalescer({ rememberMs: 60_000 });
    const first = subject.fetch(request('7', 'r7', 'run-1'));
    timers.fireAll();
    const sameAskerJoining = subject.fetch(request('7', 'r7', 'run-1'));
    const otherAskerWhileInFlight = subject.fetch(request('7', 'r7', 'run-2'));
    await settle();
    expect(batches.batches).toHaveLength(1);
    batches.batches[0]!.finish();
    expect(await first).toBe('fetched 7');
    expect(await sameAskerJoining).toBe('fetched 7');
    await settle();
    timers.fireAll();
    expect(batches.batches.map((b) => b.ids)).toEqual([['7'], ['7']]);
    batches.batches[1]!.finish();
    expect(await otherAskerWhileInFlight).toBe('fetched 7');

    // Remembered now for run-2: run-1 (or any other) asks again, run-2 does not.
    expect(await subject.fetch(request('7', 'r7', 'run-2'))).toBe('fetched 7');
    void subject.fetch(request('7', 'r7', 'run-3'));
    timers.fireAll();
    expect(batches.batches).toHaveLength(3);
  });

  it('forgets an outcome after rememberMs: the next request fetches again', async () => {
    const { subject, timers, batches, clock } = coalescer({ rememberMs: 60_000 });
    const first = subject.fetch(request('7'));
    timers.fireAll();
    batches.batches[0]!.finish();
    await first;

    clock.now += 60_000;
    expect(subject.state().remembered).toBe(0);
    const again = subject.fetch(request('7'));
    timers.fireAll();
    expect(batches.batches.map((b) => b.ids)).toEqual([['7'], ['7']]);
    batches.batches[1]!.finish();
    expect(await again).toBe('fetched 7');
  });

  it('does not remember a failed batch: the next request fetches again', async () => {
    const { subject, timers, batches } = coalescer({ rememberMs: 60_000 });
    const first = subject.fetch(request('7'));
    timers.fireAll();
    batches.batches[0]!.fail(new Error('Temporal unavailable'));
    await expect(first).rejects.toThrow('Temporal unavailable');

    void subject.fetch(request('7'));
    timers.fireAll();
    expect(batches.batches).toHaveLength(2);
  });

  it('keeps part-filled batches minIntervalMs apart, so steady arrivals share a query', () => {
    const { subject, timers, batches, clock } = coalescer({ windowMs: 150, minIntervalMs: 1_000 });
    void subject.fetch(request('1'));
    expect(timers.delays).toEqual([150]); // Nothing left before: the window alone.
    clock.now += 150;
    timers.fireAll();
    expect(batches.batches.map((b) => b.ids)).toEqual([['1']]);

    // 200 ms later, three more arrive one by one: they wait for the rest of the second, together.
    clock.now += 200;
    ['2', '3', '4'].forEach((id) => void subject.fetch(request(id)));
    expect(timers.delays).toEqual([800]);
    clock.now += 800;
    timers.fireAll();
    expect(batches.batches.map((b) => b.ids)).toEqual([['1'], ['2', '3', '4']]);
  });

  it('sends a full batch at once however recently the previous one left', () => {
    const { subject, timers, batches } = coalescer({ maxEventsPerBatch: 2, minIntervalMs: 1_000 });
    ['1', '2', '3', '4'].forEach((id) => void subject.fetch(request(id)));
    expect(batches.batches.map((b) => b.ids)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(timers.running).toBe(0);
  });

  it('with a zero window, sends each request at once', () => {
    const { subject, timers, batches } = coalescer({ windowMs: 0 });
    void subject.fetch(request('1'));
    expect(batches.batches.map((b) => b.ids)).toEqual([['1']]);
    expect(timers.running).toBe(0);
  });

  describe('when requests say which callback delivered them', () => {
    const of = (id: string, callback: string, events: number): AskedRequest => ({
      ...request(id),
      callback: { id: callback, events },
    });

    it("sends a callback's batch as soon as its last event arrives, without waiting the window", () => {
      const { subject, timers, batches } = coalescer();
      void subject.fetch(of('1', 'cb-a', 3));
      void subject.fetch(of('2', 'cb-a', 3));
      expect(batches.batches).toHaveLength(0);
      expect(timers.delays).toEqual([150]);

      void subject.fetch(of('3', 'cb-a', 3));
      expect(batches.batches.map((b) => b.ids)).toEqual([['1', '2', '3']]);
      expect(timers.running).toBe(0);
    });

    it('sends a one-event callback at once', () => {
      const { subject, timers, batches } = coalescer();
      void subject.fetch(of('1', 'cb-a', 1));
      expect(batches.batches.map((b) => b.ids)).toEqual([['1']]);
      expect(timers.running).toBe(0);
    });

    it('waits the window while any callback of the batch still misses an event', () => {
      const { subject, timers, batches } = coalescer();
      void subject.fetch(of('1', 'cb-a', 1));
      expect(batches.batches).toHaveLength(1);
      void subject.fetch(of('2', 'cb-b', 2));
      void subject.fetch(request('3'));
      expect(batches.batches).toHaveLength(1);

      void subject.fetch(of('4', 'cb-b', 2));
      // cb-b is complete, but event 3 came without a callback: more may be coming for it.
      expect(batches.batches).toHaveLength(1);
      timers.fireAll();
      expect(batches.batches.map((b) => b.ids)).toEqual([['1'], ['2', '3', '4']]);
    });

    it('counts a repeated request for one event once', () => {
      const { subject, batches } = coalescer();
      void subject.fetch(of('1', 'cb-a', 2));
      void subject.fetch(of('1', 'cb-a', 2));
      expect(batches.batches).toHaveLength(0);
      void subject.fetch(of('2', 'cb-a', 2));
      expect(batches.batches.map((b) => b.ids)).toEqual([['1', '2']]);
    });

    it('still keeps part-filled batches the interval apart, but no longer', () => {
      const { subject, timers, batches, clock } = coalescer({ minIntervalMs: 750 });
      void subject.fetch(of('1', 'cb-a', 1));
      expect(batches.batches).toHaveLength(1);

      clock.now += 300;
      void subject.fetch(of('2', 'cb-b', 1));
      expect(batches.batches).toHaveLength(1);
      expect(timers.delays).toEqual([450]);
      clock.now += 450;
      timers.fireAll();
      expect(batches.batches.map((b) => b.ids)).toEqual([['1'], ['2']]);
    });

    it('moves the timer earlier when the callback completes while the window runs', () => {
      const { subject, timers, batches, clock } = coalescer({ minIntervalMs: 750 });
      void subject.fetch(of('0', 'cb-0', 1));
      expect(batches.batches).toHaveLength(1);

      clock.now += 650;
      void subject.fetch(of('1', 'cb-a', 2));
      // The window (150 ms) is longer than what is left of the spacing (100 ms).
      expect(timers.delays).toEqual([150]);
      clock.now += 20;
      void subject.fetch(of('2', 'cb-a', 2));
      // Complete: only the spacing is left, 80 ms from now.
      expect(timers.delays).toEqual([80]);
      clock.now += 80;
      timers.fireAll();
      expect(batches.batches.map((b) => b.ids)).toEqual([['0'], ['1', '2']]);
    });
  });

  it('refuses settings that could never send a batch', () => {
    expect(
      () =>
        new EventFetchCoalescer({
          windowMs: 1,
          maxEventsPerBatch: 0,
          maxBatchesInFlight: 1,
          rememberMs: 0,
          runBatch: () => Promise.resolve(new Map()),
        }),
    ).toThrow(/maxEventsPerBatch/);
  });
});
