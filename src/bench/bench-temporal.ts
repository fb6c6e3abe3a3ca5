/**
 * What the receiver benchmark starts workflows on: the real thing (the embedded dev server in
 * ephemeral mode, or TEMPORAL_ADDRESS), or a stub that confirms every start at once, to isolate the
 * receiver's own cost (HTTP, HMAC, JSON, validation) from Temporal's.
 */
import type { Config } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import type { WorkflowStartClient } from '../http/event-workflow-starter';
import { trackTemporalCalls } from '../http/temporal-calls';
import { connectClient, temporalTarget } from '../temporal/connection';

export interface BenchTemporal {
  readonly label: string;
  readonly client: WorkflowStartClient;
  /** Executions on the task queue, once visibility has caught up with `expected` (or stopped moving). */
  countWorkflows(taskQueue: string, expected: number): Promise<number>;
  close(taskQueue: string): Promise<void>;
}

export function stubTemporal(): BenchTemporal {
  const ids = new Set<string>();
  return {
    label: 'STUB (every start confirmed at once; receiver cost only)',
    client: {
      workflow: {
        start: (_type, options) => {
          ids.add(options.workflowId);
          return Promise.resolve({});
        },
      },
      withDeadline: (_deadline, fn) => fn(),
    },
    countWorkflows: () => Promise.resolve(ids.size),
    close: () => Promise.resolve(),
  };
}

export async function realTemporal(base: Config, log: (line: string) => void): Promise<BenchTemporal> {
  const stack = await startLocalStack(base, { mode: 'ephemeral', log });
  try {
    const temporal = await connectClient(temporalTarget(base, stack.temporalAddress));
    const calls = trackTemporalCalls(temporal);
    return {
      label: stack.embedded.temporal
        ? 'embedded dev server (ephemeral)'
        : `explicit at ${stack.temporalAddress}`,
      client: calls.client,
      async countWorkflows(taskQueue, expected) {
        // Visibility is eventually consistent: poll until the count reaches what was sent, or stops moving.
        let last = -1;
        for (let attempt = 0; attempt < 30; attempt++) {
          const { count } = await temporal.workflow.count(`TaskQueue = '${taskQueue}'`);
          if (count >= expected || count === last) return count;
          last = count;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        return last;
      },
      async close(taskQueue) {
        await calls.settled();
        if (!stack.embedded.temporal) {
          // A shared server would keep the benchmark's workflows; an ephemeral one is discarded whole.
          await temporal.workflowService
            .startBatchOperation({
              namespace: base.temporal.namespace,
              jobId: `terminate-${taskQueue}`,
              visibilityQuery: `TaskQueue = '${taskQueue}'`,
              reason: 'receiver benchmark cleanup',
              terminationOperation: {},
            })
            .catch((error: unknown) => log(`could not terminate benchmark workflows: ${String(error)}`));
        }
        await temporal.connection.close();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
