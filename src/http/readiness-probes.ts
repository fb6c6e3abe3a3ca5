/**
 * The receiver's two dependencies as readiness probes: Temporal (where callbacks go) and MongoDB (what
 * the workers write; a receiver in front of a dead database would only pile up failing workflows).
 */
import type { Db } from 'mongodb';

import type { ReadinessProbe } from './readiness';

export interface TemporalProbeClient {
  readonly workflowService: { getSystemInfo(request: object): Promise<unknown> };
  /** A deadline rather than an AbortSignal: see WorkflowStartClient.withDeadline. */
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R>;
}

/** A cheap frontend call; it fails while the server or the network path is down. */
export function temporalProbe(client: TemporalProbeClient, timeoutMs: number): ReadinessProbe {
  return async () => {
    await client.withDeadline(Date.now() + timeoutMs, () => client.workflowService.getSystemInfo({}));
  };
}

/** `ping` with a client-side operation timeout, which bounds server selection too. */
export function mongoProbe(db: Pick<Db, 'command'>, timeoutMs: number): ReadinessProbe {
  return async () => {
    await db.command({ ping: 1 }, { timeoutMS: timeoutMs });
  };
}
