/**
 * The receiver's two dependencies as readiness probes: Temporal (where callbacks go) and MongoDB (what
 * the workers write; a receiver in front of a dead database would only pile up failing workflows).
 */
import type { Db } from 'mongodb';

import type { ReadinessProbe } from './readiness';

export interface TemporalProbeClient {
  readonly workflowService: { getSystemInfo(request: object): Promise<unknown> };
  withAbortSignal<R>(signal: AbortSignal, fn: () => Promise<R>): Promise<R>;
}

/** A cheap frontend call; it fails while the server or the network path is down. */
export function temporalProbe(client: TemporalProbeClient): ReadinessProbe {
  return (signal) =>
    client.withAbortSignal(signal, () => client.workflowService.getSystemInfo({})).then(() => undefined);
}

export function mongoProbe(db: Pick<Db, 'command'>, timeoutMs: number): ReadinessProbe {
  // timeoutMS bounds server selection too, instead of the driver's long default.
  return async () => {
    await db.command({ ping: 1 }, { timeoutMS: timeoutMs });
  };
}
