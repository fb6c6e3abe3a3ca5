/**
 * The bulk walk under trouble, every part real (test/helpers/pull-e2e.ts): the worker stopped in the
 * middle of a walk (its in-flight page cancelled) and a new one started; a burst of 429s; and the
 * platform's 300 requests/minute enforced by the simulator while two walks and webhook traffic share
 * the budget (Temporal's task-queue rate limit paces them: not one 429).
 */
import type { BulkWalkProgress } from '../../../src/domain/bulk-walk';
import { bulkWalkProgress, startBulkWalk } from '../../../src/temporal/bulk-walks';
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

async function waitForPages(resourceType: 'Contact', pages: number): Promise<BulkWalkProgress> {
  for (;;) {
    const found = await bulkWalkProgress(e2e.client, { platform: e2e.platform, resourceType });
    if (found !== undefined && found.progress.pages >= pages) return found.progress;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('bulk walk resilience', () => {
  it('resumes from its cursor after the worker stops mid-walk, re-reading at most one page', async () => {
    const { control } = e2e.sim;
    await control.seed({ counts: { Contact: 600 } });
    await control.setKnobs({ latencyMs: { min: 150, max: 150 } });
    await control.resetCounters();
    const { handle } = await startBulkWalk(e2e.client, e2e.config, {
      platform: e2e.platform,
      resourceType: 'Contact',
      pageSize: 100,
    });
    const before = await waitForPages('Contact', 2);
    await e2e.stopWorkers();
    await e2e.startWorkers();
    const result = await handle.result();
    await control.setKnobs({ latencyMs: { min: 0, max: 0 } });

    expect(before.status).toBe('running');
    expect(result.status).toBe('done');
    const comparison = await compareMirrorWithTruth(control, e2e.mongo.db, e2e.platform, 'Contact');
    expect(comparison.differences).toEqual([]);
    expect(comparison.mirrored).toBe(600);
    const requests = (await control.counters()).total;
    expect(requests).toBeGreaterThanOrEqual(result.pages);
    expect(requests).toBeLessThanOrEqual(result.pages + 1);
  });

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
