/**
 * A batch's outcomes handed from the batch's activity to the events waiting for them, when both run in
 * one worker process. The pull path starts a batch workflow on the rate-limited Arlo queue and waits for
 * its result (activities/fetch-mirror-and-record-event.ts); any worker process may run the batch's
 * activity. When this one does, the activity hands its outcomes over here the moment it has recorded
 * them, and the events need not wait for the rest: the activity's completion, the batch workflow's
 * second workflow task and the result's long poll (p50 66 ms of a batch's 614 ms in one benchmark run;
 * ARCHITECTURE.md, "Why outcomes are handed over in-process").
 * The batch workflow still completes as before, durably; the long poll stays for a batch whose activity
 * ran in another process. Pure bookkeeping: nothing here talks to Temporal.
 */
export interface ExpectedBatch<Outcome> {
  /** Resolves with the outcomes if the batch's activity hands them over in this process; never rejects. */
  readonly handedOver: Promise<readonly Outcome[]>;
  /** Stops waiting (the outcomes came another way, or the wait was abandoned); a later hand-over is refused. */
  stop(): void;
}

export class BatchOutcomeHandoff<Outcome> {
  private readonly waiting = new Map<string, (outcomes: readonly Outcome[]) => void>();

  /** Waits for the outcomes of the batch whose workflow ID is `batchId`. One waiter per batch. */
  expect(batchId: string): ExpectedBatch<Outcome> {
    if (this.waiting.has(batchId)) throw new Error(`batch ${batchId} is awaited already`);
    const handedOver = new Promise<readonly Outcome[]>((resolve) => this.waiting.set(batchId, resolve));
    return { handedOver, stop: () => this.waiting.delete(batchId) };
  }

  /** Gives `outcomes` to the batch's waiter in this process; false when none waits (another process's batch). */
  handOver(batchId: string, outcomes: readonly Outcome[]): boolean {
    const resolve = this.waiting.get(batchId);
    if (!resolve) return false;
    this.waiting.delete(batchId);
    resolve(outcomes);
    return true;
  }

  /** Batches waited for now (for tests and logs). */
  get waitingBatches(): number {
    return this.waiting.size;
  }
}
