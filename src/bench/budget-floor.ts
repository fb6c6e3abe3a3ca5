/**
 * The budget floor of `bench --only pull-floor` (./budget-floor-workflow.ts), its batching and its two
 * workers. The batching is the pull path's own coalescer (src/domain/event-fetch-coalescer.ts) with the
 * pull path's settings, each batch started as a workflow the way the pull path starts one (ID, task
 * queue, search attribute), and its events answered the way the pull path answers them: handed over in
 * this process by the batch's activity, or else by the batch workflow's result. The workers have the
 * real worker's limits: workflow-task slots on the event queue, the Arlo queue's rate limit on the batch
 * queue. Only the batch's work is gone: its activity returns at once.
 */
import { randomUUID } from 'node:crypto';

import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';

import { MAX_BATCHES_IN_FLIGHT, REMEMBER_OUTCOMES_MS } from '../../activities/fetch-mirror-and-record-event';
import type { Config } from '../config';
import { BatchOutcomeHandoff } from '../domain/batch-outcome-handoff';
import { EventFetchCoalescer, type CoalescedFetchRequest } from '../domain/event-fetch-coalescer';
import { FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE } from '../domain/event-fetch';
import { searchAttributes } from '../domain/search-attributes';
import { workflowIds } from '../domain/workflow-ids';
import { arloActivitiesPerSecond, MAIN_QUEUE_TASKS_PER_WORKER } from '../temporal/task-queues';
import { MAX_ARLO_ACTIVITIES_PER_WORKER } from '../worker';
import { bundleBenchWorkflows, runBenchWorker, type BenchWorker } from './bench-worker';
import type { BudgetFloorActivities } from './budget-floor-workflow';

export interface BudgetFloorWorkers {
  /** Where the batch workflows run (`taskQueue` + `-batches`). */
  readonly batchQueue: string;
  stop(): Promise<void>;
}

/** Runs the budget floor's event workers on `taskQueue` and its batch workers beside it. */
export async function runBudgetFloorWorkers(options: {
  readonly connection: NativeConnection;
  readonly client: Client;
  readonly config: Config;
  readonly taskQueue: string;
}): Promise<BudgetFloorWorkers> {
  const { connection, client, config, taskQueue } = options;
  const batchQueue = `${taskQueue}-batches`;
  const activities = budgetFloorActivities(client, config, batchQueue);
  // Both queues' workers run the same two workflows: one bundle serves them.
  const workflows = await bundleBenchWorkflows(require.resolve('./budget-floor-workflow'));
  const workers: BenchWorker[] = [];
  for (const [queue, limits] of [
    [
      taskQueue,
      {
        maxConcurrentWorkflowTaskExecutions: MAIN_QUEUE_TASKS_PER_WORKER,
        maxConcurrentLocalActivityExecutions: MAIN_QUEUE_TASKS_PER_WORKER,
      },
    ],
    [
      batchQueue,
      {
        maxTaskQueueActivitiesPerSecond: arloActivitiesPerSecond(config),
        maxConcurrentActivityTaskExecutions: MAX_ARLO_ACTIVITIES_PER_WORKER,
      },
    ],
  ] as const) {
    workers.push(
      await runBenchWorker({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: queue,
        workflows,
        activities,
        limits,
      }),
    );
  }
  return {
    batchQueue,
    async stop() {
      for (const worker of workers) await worker.stop();
    },
  };
}

function budgetFloorActivities(client: Client, config: Config, batchQueue: string): BudgetFloorActivities {
  const platform = config.platforms[0]?.name ?? 'bench.arlo.test';
  const handoff = new BatchOutcomeHandoff<true>();
  const runBatch = async (batch: readonly CoalescedFetchRequest[]) => {
    const workflowId = workflowIds.fetchBatch(platform, randomUUID());
    const handedOver = handoff.expect(workflowId);
    const stopPolling = new AbortController();
    try {
      const polled = client.withAbortSignal(stopPolling.signal, async () => {
        const handle = await client.workflow.start(FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: batchQueue,
          args: [workflowId],
          typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
        });
        await handle.result();
        return [true] as const;
      });
      await Promise.race([handedOver.handedOver, polled]);
      return new Map(batch.map((request) => [request.eventId, true] as const));
    } finally {
      handedOver.stop();
      stopPolling.abort();
    }
  };
  const coalescer = new EventFetchCoalescer<true>({
    windowMs: config.pull.eventBatchWindowMs,
    minIntervalMs: config.pull.eventBatchIntervalMs,
    maxEventsPerBatch: config.pull.eventQueryBatchSize,
    maxBatchesInFlight: MAX_BATCHES_IN_FLIGHT,
    rememberMs: REMEMBER_OUTCOMES_MS,
    runBatch,
  });
  return {
    async joinBatch(request) {
      if ((await coalescer.fetch(request)) === undefined) {
        throw new Error(`the budget floor's batch gave no answer for event ${request.eventId}`);
      }
    },
    answerBatch(batchId) {
      handoff.handOver(batchId, [true]);
      return Promise.resolve();
    },
  };
}
