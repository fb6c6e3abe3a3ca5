/**
 * The push workflow's queue: pushes of one record arrive as updates while an earlier one is being
 * applied. They wait here; the workflow takes them a batch at a time, runs each dry run on its own and
 * coalesces the writes into one latest desired state (one Arlo write for many pushes), then answers
 * every caller. Pure bookkeeping, so it is tested without Temporal and the workflow reads as the push.
 */
import { mergeDesired, type DesiredState, type PushOutcome, type PushRequest } from './push-messages';

export interface QueuedPush {
  /** Arrival order; identifies the caller waiting for the answer. */
  readonly seq: number;
  readonly request: PushRequest;
}

export interface PushBatch {
  /** Dry runs, in arrival order: each is planned on its own and answered with its own plan. */
  readonly dryRuns: readonly QueuedPush[];
  /** Writes, in arrival order: applied together, all answered with the one outcome. */
  readonly writes: readonly QueuedPush[];
  /**
   * A corrective push is among the writes (the pull side saw an Arlo user overwrite owned fields): the
   * values last pushed must be read when the batch runs, and lie beneath the batch's own values.
   */
  readonly correcting: boolean;
}

export class PushQueue {
  private waiting: QueuedPush[] = [];
  private readonly answers = new Map<number, PushOutcome>();
  private nextSeq = 0;

  /** Queues a push; its `seq` is what the caller waits on. */
  enqueue(request: PushRequest): number {
    const seq = this.nextSeq++;
    this.waiting.push({ seq, request });
    return seq;
  }

  hasWaiting(): boolean {
    return this.waiting.length > 0;
  }

  /** Everything waiting, as one batch; the queue is empty afterwards. */
  takeBatch(): PushBatch {
    const taken = this.waiting;
    this.waiting = [];
    const writes = taken.filter((q) => q.request.dryRun !== true);
    return {
      dryRuns: taken.filter((q) => q.request.dryRun === true),
      writes,
      correcting: writes.some((q) => q.request.reason === 'corrective'),
    };
  }

  answer(pushes: readonly QueuedPush[], outcome: PushOutcome): void {
    for (const push of pushes) this.answers.set(push.seq, outcome);
  }

  isAnswered(seq: number): boolean {
    return this.answers.has(seq);
  }

  /** The answer for `seq`, handed over once (the queue forgets it, so a long-lived workflow stays small). */
  takeAnswer(seq: number): PushOutcome {
    const outcome = this.answers.get(seq);
    if (outcome === undefined) throw new RangeError(`push ${seq} has no answer yet`);
    this.answers.delete(seq);
    return outcome;
  }
}

/**
 * The one push a batch of writes comes to: their desired states merged in arrival order (later values
 * win, part by part) on top of `beneath` (the values last pushed, for a corrective batch), and the last
 * deep link any of them carried.
 */
export function coalesceWrites(writes: readonly QueuedPush[], beneath?: DesiredState): PushRequest {
  let desired: DesiredState = beneath ?? { fields: {} };
  for (const write of writes) desired = mergeDesired(desired, write.request.desired);
  const deepLink = writes
    .map((q) => q.request.deepLink)
    .filter((link) => link !== undefined)
    .at(-1);
  return { desired, ...(deepLink !== undefined ? { deepLink } : {}) };
}
