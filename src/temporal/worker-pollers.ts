/**
 * Who polls a worker's two task queues, as Temporal lists them: the identities (`<pid>@<host>` unless a
 * worker names itself) polling the main queue's workflow tasks and the Arlo queue's activity tasks. Every
 * arlo-sync worker process polls both, so a worker counts as running once it is in both lists.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface WorkerQueues {
  readonly namespace: string;
  readonly taskQueue: string;
  readonly arloTaskQueue: string;
}

/** The identities polling each queue, main queue first (rejects when Temporal does not answer). */
export async function workerPollers(client: Client, queues: WorkerQueues): Promise<Set<string>[]> {
  const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;
  const wanted = [
    [queues.taskQueue, TASK_QUEUE_TYPE_WORKFLOW],
    [queues.arloTaskQueue, TASK_QUEUE_TYPE_ACTIVITY],
  ] as const;
  return Promise.all(
    wanted.map(([name, taskQueueType]) =>
      client.workflowService
        .describeTaskQueue({ namespace: queues.namespace, taskQueue: { name }, taskQueueType })
        .then(({ pollers }) => new Set((pollers ?? []).map((poller) => poller.identity ?? ''))),
    ),
  );
}
