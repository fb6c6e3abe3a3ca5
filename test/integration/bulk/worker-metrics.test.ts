/**
 * The worker's metrics, as README's table lists them, recorded by the product's own paths (every part
 * real: test/helpers/pull-e2e.ts runs the worker in this process, so its registry is readable here):
 * Arlo edits flow through webhooks, batches and the mirror; a nightly reconciliation repairs records no
 * webhook announced and counts them, once.
 */
import {
  RECONCILE_WORKFLOW_TYPE,
  type ReconcileChangesInput,
  type ReconcileChangesResult,
} from '../../../src/domain/bulk-walk';
import { workflowIds } from '../../../src/domain/workflow-ids';
import { workerRegistry } from '../../../src/metrics/worker-metrics';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';
import { settledValue } from '../../helpers/settled-value';
import { uniqueName } from '../../helpers/test-stack';

jest.setTimeout(600_000);

let e2e: PullE2E;
beforeAll(async () => (e2e = await startPullE2E()));
afterAll(async () => e2e.close());

/** The sum of a metric's samples for this test's platform (and, when given, a resource type). */
async function total(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await workerRegistry.getSingleMetric(name)?.get();
  const wanted = Object.entries({ platform: e2e.platform, ...labels });
  return (metric?.values ?? [])
    .filter((v) => !(v as { metricName?: string }).metricName?.endsWith('_bucket'))
    .filter((v) => wanted.every(([key, value]) => String(v.labels[key]) === value))
    .reduce((sum, v) => sum + v.value, 0);
}

async function reconcile(): Promise<ReconcileChangesResult> {
  const input: ReconcileChangesInput = {
    platform: e2e.platform,
    pageSize: 100,
    arloTaskQueue: e2e.config.temporal.arloTaskQueue,
    windowMinutes: 24 * 60,
  };
  return e2e.client.workflow.execute<(i: ReconcileChangesInput) => Promise<ReconcileChangesResult>>(
    RECONCILE_WORKFLOW_TYPE,
    {
      workflowId: uniqueName(workflowIds.reconcile(e2e.platform)),
      taskQueue: e2e.config.temporal.taskQueue,
      args: [input],
    },
  );
}

it('records Arlo calls, 429s, batch sizes, mirror writes and the watermark while webhooks flow', async () => {
  const { control } = e2e.sim;
  await control.seed({ counts: { Contact: 5 } });
  await control.setKnobs({ burst429: 1 });
  await control.userEdits(5);
  await e2e.waitUntilProcessed();

  expect(await total('arlo_sync_arlo_requests_total')).toBeGreaterThan(0);
  expect(await total('arlo_sync_arlo_request_seconds')).toBeGreaterThan(0);
  expect(await total('arlo_sync_arlo_rate_limited_total')).toBe(1);
  expect(await total('arlo_sync_fetch_batch_size')).toBeGreaterThan(0);
  expect(await total('arlo_sync_mirror_writes_total')).toBeGreaterThan(0);
  // The batch raises the watermark after its ledger rows, which are what waitUntilProcessed waits for.
  const watermark = await settledValue(
    () => total('arlo_sync_watermark_event_id'),
    (value) => value > 0,
  );
  expect(watermark).toBeGreaterThan(0);
});

it('counts the records reconciliation repaired, by type, and nothing for a pass that repairs nothing', async () => {
  // Seeding announces nothing: these records reach the mirror only through reconciliation.
  await e2e.sim.control.seed({ counts: { Organisation: 7 } });
  const repairs = (labels: Record<string, string> = {}) => total('arlo_sync_reconcile_repairs_total', labels);
  const before = { all: await repairs(), organisations: await repairs({ resource_type: 'Organisation' }) };

  const first = await reconcile();
  const organisations = first.byType.Organisation?.repairedCount ?? 0;
  expect(organisations).toBeGreaterThanOrEqual(7);
  expect(await repairs({ resource_type: 'Organisation' })).toBe(before.organisations + organisations);
  expect(await repairs()).toBe(before.all + first.repairedCount);

  const second = await reconcile();
  expect(second.repairedCount).toBe(0);
  expect(await repairs()).toBe(before.all + first.repairedCount);
});
