/**
 * The receiver's view of a Temporal Client, with every call it makes tracked until settled. Shutdown
 * waits for them before closing the connection: the SDK's retry interceptor schedules its next attempt
 * on a timer, and a connection closed under that timer throws "Channel has been shut down" as an
 * uncaught exception. Deadlines (see WorkflowStartClient.withDeadline) keep that wait short.
 */
import type { Client } from '@temporalio/client';

import type { WorkflowStartClient } from './event-workflow-starter';
import type { TemporalProbeClient } from './readiness-probes';

export type ReceiverTemporalClient = WorkflowStartClient & TemporalProbeClient;

export interface TrackedTemporalCalls {
  readonly client: ReceiverTemporalClient;
  /** Resolves once no call made through `client` is pending. */
  settled(): Promise<void>;
}

export function trackTemporalCalls(temporal: Client): TrackedTemporalCalls {
  const pending = new Set<Promise<unknown>>();
  const track = <T>(call: Promise<T>): Promise<T> => {
    const settled = call.then(
      () => undefined,
      () => undefined,
    );
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
    return call;
  };
  return {
    client: {
      workflow: { start: (type, options) => track(temporal.workflow.start(type, options)) },
      workflowService: { getSystemInfo: (request) => track(temporal.workflowService.getSystemInfo(request)) },
      withDeadline: (deadline, fn) => temporal.withDeadline(deadline, fn),
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
