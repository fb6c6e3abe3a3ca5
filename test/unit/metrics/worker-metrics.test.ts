/** The worker's record* functions land in the worker registry with bounded labels. */
import {
  recordArloCall,
  recordDuplicateEvent,
  recordFetchBatch,
  recordMirrorWrite,
  recordReconcileRepairs,
  recordStoreClientReopen,
  recordWatermark,
  workerRegistry,
} from '../../../src/metrics/worker-metrics';

async function valueOf(
  name: string,
  labels: Record<string, string>,
  suffix = '',
): Promise<number | undefined> {
  const metric = await workerRegistry.getSingleMetric(name)?.get();
  const wanted = Object.entries(labels);
  return metric?.values.find(
    (v) =>
      (suffix === '' || (v as { metricName?: string }).metricName === `${name}${suffix}`) &&
      wanted.every(([key, value]) => String(v.labels[key]) === value),
  )?.value;
}

beforeEach(() => workerRegistry.resetMetrics());

it('counts Arlo calls by endpoint and status, and 429s separately', async () => {
  const call = { method: 'GET', endpoint: 'contacts/:id/', durationMs: 12 };
  recordArloCall('demo.arlo.co', { ...call, status: '200' });
  recordArloCall('demo.arlo.co', { ...call, status: '200' });
  recordArloCall('demo.arlo.co', { ...call, status: '429' });
  recordArloCall('demo.arlo.co', { ...call, status: 'timeout' });
  const requests = (status: string) =>
    valueOf('arlo_sync_arlo_requests_total', { platform: 'demo.arlo.co', endpoint: 'contacts/:id/', status });
  await expect(requests('200')).resolves.toBe(2);
  await expect(requests('429')).resolves.toBe(1);
  await expect(requests('timeout')).resolves.toBe(1);
  await expect(valueOf('arlo_sync_arlo_rate_limited_total', { platform: 'demo.arlo.co' })).resolves.toBe(1);
  await expect(
    valueOf('arlo_sync_arlo_request_seconds', { platform: 'demo.arlo.co' }, '_count'),
  ).resolves.toBe(4);
});

it('observes fetch batch sizes', async () => {
  recordFetchBatch('demo.arlo.co', 10);
  recordFetchBatch('demo.arlo.co', 3);
  await expect(valueOf('arlo_sync_fetch_batch_size', { platform: 'demo.arlo.co' }, '_sum')).resolves.toBe(13);
  await expect(valueOf('arlo_sync_fetch_batch_size', { platform: 'demo.arlo.co', le: '5' })).resolves.toBe(1);
});

it('counts mirror writes by outcome, with unknown resource types under one label', async () => {
  recordMirrorWrite('demo.arlo.co', 'Contact', 'inserted');
  recordMirrorWrite('demo.arlo.co', 'Invoice<script>', 'inserted');
  await expect(
    valueOf('arlo_sync_mirror_writes_total', { resource_type: 'Contact', outcome: 'inserted' }),
  ).resolves.toBe(1);
  await expect(
    valueOf('arlo_sync_mirror_writes_total', { resource_type: 'other', outcome: 'inserted' }),
  ).resolves.toBe(1);
});

it('counts duplicates and reconcile repairs (a pass that repaired nothing adds nothing)', async () => {
  recordDuplicateEvent('demo.arlo.co');
  recordReconcileRepairs('demo.arlo.co', 'Contact', 3);
  recordReconcileRepairs('demo.arlo.co', 'Contact', 0);
  await expect(valueOf('arlo_sync_duplicate_events_total', { platform: 'demo.arlo.co' })).resolves.toBe(1);
  await expect(
    valueOf('arlo_sync_reconcile_repairs_total', { platform: 'demo.arlo.co', resource_type: 'Contact' }),
  ).resolves.toBe(3);
});

it('keeps the watermark at the highest event ID seen, compared exactly', async () => {
  recordWatermark('w.arlo.co', '9007199254740993'); // 2^53 + 1: equal to 2^53 as a float
  recordWatermark('w.arlo.co', '9007199254740992'); // lower as an integer: must not count as "not lower"
  recordWatermark('w.arlo.co', '108');
  await expect(valueOf('arlo_sync_watermark_event_id', { platform: 'w.arlo.co' })).resolves.toBe(2 ** 53);
  recordWatermark('w.arlo.co', '9007199254741000');
  await expect(valueOf('arlo_sync_watermark_event_id', { platform: 'w.arlo.co' })).resolves.toBe(
    9007199254741000,
  );
});

it('counts the store clients reopened by the monitor watchdog, by outcome', async () => {
  recordStoreClientReopen('failed');
  recordStoreClientReopen('reopened');
  recordStoreClientReopen('reopened');
  await expect(valueOf('arlo_sync_store_client_reopens_total', { outcome: 'reopened' })).resolves.toBe(2);
  await expect(valueOf('arlo_sync_store_client_reopens_total', { outcome: 'failed' })).resolves.toBe(1);
});
