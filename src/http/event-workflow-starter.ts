/**
 * The part of a Temporal `Client` the receiver uses; a real Client satisfies it, and a unit test can pass
 * a fake. The start itself is src/temporal/process-event-start.ts, shared with the missed-event catch-up.
 */
import type { WorkflowStarter } from '../temporal/process-event-start';

export interface WorkflowStartClient extends WorkflowStarter {
  /**
   * Gives the gRPC calls made inside `fn` a deadline. A deadline, not an AbortSignal: the SDK's retry
   * interceptor ignores cancellation between attempts, but gives up once the deadline has passed
   * (DEADLINE_EXCEEDED is not retried), so no start outlives its callback by more than one backoff.
   */
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R>;
}
