/**
 * The bulk walk across a worker restart, every part real (test/helpers/pull-e2e.ts): the worker stopped
 * in the middle of a walk (its in-flight page cancelled) and a new one started; the walk resumes from its
 * cursor and the mirror equals the truth.
 */
import { startBulkWalk } from '../../../src/temporal/bulk-walks';
import { compareMirrorWithTruth } from '../../helpers/bulk-mirror-check';
import { waitForBulkPages } from '../../helpers/bulk-walk-progress';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';

jest.setTimeout(600_000);

let e2e: PullE2E;
// One segment: the test is about one cursor resuming after the restart.
beforeAll(async () => (e2e = await startPullE2E({ env: { ARLO_BULK_SEGMENTS: '1' } })));
afterAll(async () => e2e.close());

describe('bulk walk across a worker restart', () => {
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
    const before = await waitForBulkPages(e2e.client, { platform: e2e.platform, resourceType: 'Contact' }, 2);
    await e2e.stopWorkers();
    await e2e.startWorkers();
    const result = await handle.result();
    await control.setKnobs({ latencyMs: { min: 0, max: 0 } });

    expect(before.status).toBe('running');
    expect(result.status).toBe('done');
    const comparison = await compareMirrorWithTruth(control, e2e.mongo.db, e2e.platform, 'Contact');
    expect(comparison.differences).toEqual([]);
    expect(comparison.mirrored).toBe(600);
    const counters = await control.counters();
    // The walk's requests (the worker's catch-up schedule may query PlatformEvents meanwhile: it fires
    // every quarter hour on the clock), of which at most one is a re-read.
    const walkRequests = counters.byEndpoint['GET /contacts/']?.total ?? 0;
    expect(walkRequests).toBeGreaterThanOrEqual(result.pages);
    expect(walkRequests).toBeLessThanOrEqual(result.pages + 1);
  });
});
