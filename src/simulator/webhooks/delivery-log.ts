/** Every webhook delivery attempt, for tests and benchmarks to inspect (newest last, capped). */
export type DeliveryOutcome =
  /** 2xx within the timeout. */
  | 'delivered'
  /** Non-2xx answer or a connection error: will be retried while retries remain. */
  | 'failed'
  /** No complete answer within the timeout: will be retried while retries remain. */
  | 'timeout'
  /** The drop knob lost this callback: it was never sent. */
  | 'dropped'
  /** A second, deliberate copy of a delivered callback (duplicate knob). */
  | 'duplicate'
  /** The last retry failed: the batch is abandoned (only catch-up can recover its events). */
  | 'exhausted';

export interface DeliveryAttempt {
  readonly endpointId: string;
  readonly batchId: number;
  /** 1 for the first try, 2 for the first retry... */
  readonly attempt: number;
  readonly eventIds: readonly string[];
  readonly startedAt: string;
  readonly durationMs: number;
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly outcome: DeliveryOutcome;
}

const MAX_ATTEMPTS_KEPT = 50_000;

export class DeliveryLog {
  private readonly attempts: DeliveryAttempt[] = [];

  add(attempt: DeliveryAttempt): void {
    this.attempts.push(attempt);
    if (this.attempts.length > MAX_ATTEMPTS_KEPT)
      this.attempts.splice(0, this.attempts.length - MAX_ATTEMPTS_KEPT);
  }

  list(endpointId?: string): DeliveryAttempt[] {
    return endpointId === undefined
      ? [...this.attempts]
      : this.attempts.filter((a) => a.endpointId === endpointId);
  }

  clear(): void {
    this.attempts.length = 0;
  }
}
