/**
 * The Temporal client's gRPC retries, made safe to close a connection under. The client retries a call
 * that failed with a transient status (UNAVAILABLE, RESOURCE_EXHAUSTED, ...) from a timer, up to 10
 * times and 5 s apart; neither an abort signal nor closing the connection cancels that timer. A
 * connection closed while one is pending makes the retry throw "Channel has been shut down" from the
 * timer, outside any promise: it killed whichever test file or process ran next (seen in CI rehearsals
 * and once in a benchmark, after a saturated Temporal server had answered RESOURCE_EXHAUSTED).
 *
 * These retry options keep the client's own backoff and remember when the last scheduled retry is due;
 * `settle()` refuses further retries and waits until every scheduled one has started, so a connection
 * closed after it finds no timer left (a retry started by then is an ordinary call, which closing
 * cancels).
 */
import { defaultGrpcRetryOptions, type GrpcRetryOptions } from '@temporalio/client';

export class PendingRetries {
  private closing = false;
  private lastDueAt = 0;
  private readonly base: GrpcRetryOptions;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    options: {
      readonly base?: GrpcRetryOptions;
      readonly now?: () => number;
      readonly sleep?: (ms: number) => Promise<void>;
    } = {},
  ) {
    this.base = options.base ?? defaultGrpcRetryOptions();
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** For `makeGrpcRetryInterceptor`: the client's backoff, with every scheduled retry remembered. */
  readonly options: GrpcRetryOptions = {
    retryableDecider: (attempt, status) => !this.closing && this.base.retryableDecider(attempt, status),
    delayFunction: (attempt, status) => {
      const delayMs = this.base.delayFunction(attempt, status);
      this.lastDueAt = Math.max(this.lastDueAt, this.now() + delayMs);
      return delayMs;
    },
  };

  /** Refuses further retries, then waits until every retry already scheduled has started. */
  async settle(): Promise<void> {
    this.closing = true;
    const waitMs = this.lastDueAt - this.now();
    // A timer fires at or after its delay, never before; the margin covers a busy event loop.
    if (waitMs > 0) await this.sleep(waitMs + SETTLE_MARGIN_MS);
  }
}

const SETTLE_MARGIN_MS = 50;
