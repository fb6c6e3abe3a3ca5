/**
 * One reconciliation schedule per platform, created idempotently at worker start like the catch-up
 * schedules (./schedules.ts): created when missing, updated to the configuration when present (its
 * paused state kept). Overlap SKIP: a reconciliation still running when the next is due is never
 * joined by a second; a short catch-up window so a worker down at 02:00 does not run hours later.
 */
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';

import type { Config } from '../config';
import { RECONCILE_WORKFLOW_TYPE, type ReconcileChangesInput } from '../domain/bulk-walk';
import { searchAttributes } from '../domain/search-attributes';
import { workflowIds } from '../domain/workflow-ids';
import { ensureSchedules, type PlatformScheduleOptions, type ScheduleChange } from './schedules';

export const reconcileScheduleId = (platform: string) => `arlo-reconcile:${platform}`;

export function reconcileScheduleOptions(config: Config, platform: string): PlatformScheduleOptions {
  const input: ReconcileChangesInput = {
    platform,
    pageSize: config.arlo.pageSize,
    arloTaskQueue: config.temporal.arloTaskQueue,
    windowMinutes: 24 * 60 + config.bulk.reconcileOverlapMinutes,
  };
  return {
    spec: { cronExpressions: [config.bulk.reconcileCron] },
    action: {
      type: 'startWorkflow',
      workflowType: RECONCILE_WORKFLOW_TYPE,
      // The schedule appends the scheduled time, so each run has its own ID under this prefix.
      workflowId: workflowIds.reconcile(platform),
      taskQueue: config.temporal.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' },
  };
}

export async function ensureReconcileSchedules(
  client: Client,
  config: Config,
  platforms: readonly string[],
): Promise<Record<string, ScheduleChange>> {
  return ensureSchedules(client, platforms, reconcileScheduleId, (platform) =>
    reconcileScheduleOptions(config, platform),
  );
}
