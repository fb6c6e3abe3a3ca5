/**
 * The bulk walk end to end, every part real (test/helpers/pull-e2e.ts: the simulator over HTTP, the
 * worker with the real Arlo client, the harness's Temporal and MongoDB): an initial load leaves the
 * mirror equal to the simulator's truth, including 600 records in one millisecond (the precision trap
 * of api-notes.md), with about one request per page; starting the same walk twice gives one walk.
 */
import { BULK_RESOURCE_TYPES } from '../../../src/domain/resource-types';
import { startBulkWalk } from '../../../src/temporal/bulk-walks';
import { compareMirrorWithTruth } from '../../helpers/bulk-mirror-check';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';

// 10,610 records through the embedded FerretDB: about 40 s on the two-core reference machine, where
// new records go in one insert per page (src/store/bulk-mirror.ts).
jest.setTimeout(600_000);

let e2e: PullE2E;
beforeAll(async () => (e2e = await startPullE2E()));
afterAll(async () => e2e.close());

describe('initial load', () => {
  it('mirrors 10,000+ records of every bulk type, 600 of them in one millisecond, without gaps or duplicates', async () => {
    const { control } = e2e.sim;
    await control.seed({
      counts: {
        EventTemplate: 10,
        Organisation: 1500,
        Contact: 3400,
        Event: 400,
        Registration: 2600,
        Order: 1600,
      },
    });
    const crowded = await control.seed({
      counts: { Contact: 600 },
      lastModified: { mode: 'sameMillisecond' },
    });
    expect(crowded.created.Contact).toHaveLength(600);
    await control.resetCounters();

    const walks = await Promise.all(
      BULK_RESOURCE_TYPES.map((resourceType) =>
        startBulkWalk(e2e.client, e2e.config, { platform: e2e.platform, resourceType }),
      ),
    );
    // The same walk again while it runs: the running one comes back, no second walk starts.
    const again = await startBulkWalk(e2e.client, e2e.config, {
      platform: e2e.platform,
      resourceType: 'Contact',
    });
    expect(again.started).toBe(false);
    expect(again.handle.firstExecutionRunId).toBe(
      walks[BULK_RESOURCE_TYPES.indexOf('Contact')]?.handle.firstExecutionRunId,
    );

    const results = await Promise.all(walks.map(({ handle }) => handle.result()));
    let total = 0;
    for (const resourceType of BULK_RESOURCE_TYPES) {
      const comparison = await compareMirrorWithTruth(control, e2e.mongo.db, e2e.platform, resourceType);
      expect({ resourceType, differences: comparison.differences.slice(0, 10) }).toEqual({
        resourceType,
        differences: [],
      });
      expect(comparison.mirrored).toBe(comparison.truth);
      total += comparison.truth;
    }
    expect(total).toBeGreaterThanOrEqual(10_000);

    const pages = results.reduce((sum, r) => sum + r.pages, 0);
    const counters = await control.counters();
    expect(counters.byStatus['429']).toBeUndefined();
    // One request per page; about one page per 250 records (re-read tails and the drain of the crowded
    // millisecond cost a few more). Not counted: the worker's catch-up schedule, which may query
    // PlatformEvents meanwhile (it fires every quarter hour on the clock).
    const catchUpRequests = counters.byEndpoint['GET /platformevents/']?.total ?? 0;
    expect(counters.total - catchUpRequests).toBe(pages);
    expect(pages).toBeLessThanOrEqual(Math.ceil(total / 250) + 2 * BULK_RESOURCE_TYPES.length + 5);
    for (const result of results) {
      expect(result.status).toBe('done');
      expect(result.counters.inserted).toBe(result.counters.received - result.counters.alreadyReturned);
    }
  });
});
