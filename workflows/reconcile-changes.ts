/**
 * The nightly audit of one platform: walks every bulk resource type's records changed in the last
 * window (24 hours plus an overlap) as child bulk walks in `reconcile` mode, and reports what webhooks
 * had missed: records the mirror lacked or held older, now repaired. Run by a Temporal Schedule per
 * platform (src/temporal/bulk-schedules.ts); the children share the Arlo queue's rate budget.
 */
import { executeChild, log, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

import {
  type BulkWalkInput,
  type ReconcileChangesInput,
  type ReconcileChangesResult,
} from '../src/domain/bulk-walk';
import { BULK_RESOURCE_TYPES } from '../src/domain/resource-types';
import { searchAttributes } from '../src/domain/search-attributes';
import { bulkWalk } from './bulk-walk';

export async function reconcileChanges(input: ReconcileChangesInput): Promise<ReconcileChangesResult> {
  const { platform } = input;
  upsertSearchAttributes([{ key: searchAttributes.platform, value: platform }]);
  const info = workflowInfo();
  // The run's start, not the clock at each child: every child covers the same window.
  const since = new Date(info.runStartTime.getTime() - input.windowMinutes * 60_000).toISOString();
  const results = await Promise.all(
    BULK_RESOURCE_TYPES.map((resourceType) => {
      const child: BulkWalkInput = {
        platform,
        resourceType,
        mode: 'reconcile',
        since,
        pageSize: input.pageSize,
        arloTaskQueue: input.arloTaskQueue,
      };
      return executeChild(bulkWalk, {
        workflowId: `${info.workflowId}:${resourceType}`,
        args: [child],
        typedSearchAttributes: [
          { key: searchAttributes.platform, value: platform },
          { key: searchAttributes.resourceType, value: resourceType },
        ],
      });
    }),
  );
  const byType = Object.fromEntries(
    results.map((r) => [r.resourceType, { repairedCount: r.repairedCount, repairedIds: r.repairedIds }]),
  );
  const repairedCount = results.reduce((sum, r) => sum + r.repairedCount, 0);
  log.info('reconciliation finished', { platform, since, repairedCount, byType });
  return { platform, since, repairedCount, byType };
}
