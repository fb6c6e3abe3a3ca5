/**
 * The batching of the budget floor (./budget-floor-workflow.ts): the pull path's own coalescer
 * (src/domain/event-fetch-coalescer.ts) with the pull path's settings, each batch started as a workflow
 * the way the pull path starts one (ID, task queue, search attribute), and its events answered the way the
 * pull path answers them: handed over in this process by the batch's activity, or else by the batch
 * workflow's result. Only the batch's work is gone: its activity returns at once.
 */
import { randomUUID } from 'node:crypto';

import type { Client } from '@temporalio/client';

import { MAX_BATCHES_IN_FLIGHT, REMEMBER_OUTCOMES_MS } from '../../activities/fetch-mirror-and-record-event';
import type { Config } from '../config';
import { BatchOutcomeHandoff } from '../domain/batch-outcome-handoff';
import { EventFetchCoalescer, type CoalescedFetchRequest } from '../domain/event-fetch-coalescer';
import { FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE } from '../domain/event-fetch';
import { searchAttributes } from '../domain/search-attributes';
import { workflowIds } from '../domain/workflow-ids';
import type { BudgetFloorActivities } from './budget-floor-workflow';

export function budgetFloorActivities(
  client: Client,
  config: Config,
  batchQueue: string,
): BudgetFloorActivities {
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
