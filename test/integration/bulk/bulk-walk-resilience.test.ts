/**
 * The bulk walk under trouble, every part real (test/helpers/pull-e2e.ts): a burst of 429s; and the
 * platform's 300 requests/minute enforced by the simulator while two walks and webhook traffic share
 * the budget (Temporal's task-queue rate limit paces them: not one 429).
 */
import { startBulkWalk } from '../../../src/temporal/bulk-walks';
import { compareMirrorWithTruth } from '../../helpers/bulk-mirror-check';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';

jest.setTimeout(600_000);

let e2e: PullE2E;
beforeAll(async () => {
  // Deleted events delivered too: the pacing test waits until every event the edits emit is processed.
  e2e = await startPullE2E({
    env: { ARLO_REQUESTS_PER_MINUTE: '300' },
    knobs: { webhooks: { deliverDeletedEvents: true } },
  });
});
afterAll(async () => e2e.close());

describe('bulk walk resilience', () => {
  it('survives a burst of 429s: each is retried after its Retry-After and the walk completes', async () => {
    const { control } = e2e.sim;
    await control.seed({ counts: { Organisation: 300 } });
    await control.setKnobs({ burst429: 4, rateLimit: { requestsPerMinute: 100_000, retryAfterSeconds: 1 } });
    await control.resetCounters();
    const { handle } = await startBulkWalk(e2e.client, e2e.config, {
      platform: e2e.platform,
      resourceType: 'Organisation',
      pageSize: 100,
    });
    const result = await handle.result();
    await control.setKnobs({ rateLimit: null });
    expect(result.status).toBe('done');
    expect((await control.counters()).byStatus['429']).toBe(4);
    const comparison = await compareMirrorWithTruth(control, e2e.mongo.db, e2e.platform, 'Organisation');
    expect(comparison.differences).toEqual([]);
  });

  it('keeps two walks and webhook traffic inside 300 requests/minute together: no 429 at all', async () => {
    const { control } = e2e.sim;
    // One record per page: more requests than a minute's budget, but few records for the embedded store.
    await control.seed({ counts: { Event: 1, Registration: 170, Order: 170 } });
    // A fresh limiter window: everything before this test is forgotten by the simulator.
    await control.advanceClock(61_000);
    await control.setKnobs({ rateLimit: { requestsPerMinute: 300, retryAfterSeconds: 60 } });
    await control.resetCounters();
    const walks = await Promise.all(
      (['Registration', 'Order'] as const).map((resourceType) =>
        startBulkWalk(e2e.client, e2e.config, { platform: e2e.platform, resourceType, pageSize: 1 }),
      ),
    );
    await control.userEdits(20); // webhooks → PlatformEvents queries on the same Arlo queue
    const results = await Promise.all(walks.map(({ handle }) => handle.result()));
    await e2e.waitUntilProcessed();
    const counters = await control.counters();
    await control.setKnobs({ rateLimit: null });

    expect(results.map((r) => r.status)).toEqual(['done', 'done']);
    // More requests than one minute's budget, so an unpaced run would have met the limit.
    expect(counters.total).toBeGreaterThan(300);
    expect(counters.byStatus['429']).toBeUndefined();
  });
});
