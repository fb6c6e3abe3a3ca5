/**
 * The chaos run's bulk steps, as operators run them: a full walk of every bulk resource type (all five
 * at once, sharing the platform's rate budget with the webhook traffic), then one reconciliation run of
 * the last day. Both go through the product's own entry points (src/temporal/bulk-walks.ts and the
 * reconcile workflow its schedule starts).
 */
import type { Client } from '@temporalio/client';

import {
  RECONCILE_WORKFLOW_TYPE,
  type ReconcileChangesInput,
  type ReconcileChangesResult,
} from '../domain/bulk-walk';
import { BULK_RESOURCE_TYPES } from '../domain/resource-types';
import { workflowIds } from '../domain/workflow-ids';
import { startBulkWalk } from '../temporal/bulk-walks';
import type { ChaosStack } from './chaos-stack';

export async function walkEveryBulkType(
  stack: ChaosStack,
  client: Client,
  log: (line: string) => void,
): Promise<void> {
  const platform = stack.sim.platform;
  const walks = await Promise.all(
    BULK_RESOURCE_TYPES.map((resourceType) =>
      startBulkWalk(client, stack.config, { platform, resourceType }),
    ),
  );
  const results = await Promise.all(walks.map(({ handle }) => handle.result()));
  const records = results.reduce((sum, r) => sum + r.counters.received, 0);
  log(`chaos: bulk walk of ${BULK_RESOURCE_TYPES.join(', ')}: ${records} records`);
}

export async function reconcileLastDay(
  stack: ChaosStack,
  client: Client,
  log: (line: string) => void,
): Promise<void> {
  const platform = stack.sim.platform;
  const input: ReconcileChangesInput = {
    platform,
    pageSize: stack.config.arlo.pageSize,
    arloTaskQueue: stack.config.temporal.arloTaskQueue,
    windowMinutes: 24 * 60 + stack.config.bulk.reconcileOverlapMinutes,
  };
  const result = await client.workflow.execute<(i: ReconcileChangesInput) => Promise<ReconcileChangesResult>>(
    RECONCILE_WORKFLOW_TYPE,
    {
      workflowId: `${workflowIds.reconcile(platform)}:chaos`,
      taskQueue: stack.config.temporal.taskQueue,
      args: [input],
    },
  );
  log(`chaos: reconciliation repaired ${result.repairedCount} records webhooks had missed`);
}
