/**
 * A segmented bulk walk (ARLO_BULK_SEGMENTS: several pages in flight, each over its own time range of
 * the collection) end to end, every part real (test/helpers/pull-e2e.ts): records spread over weeks with
 * 600 of them in one millisecond, and records updated while the walk runs (webhooks held back, so only
 * the walk can bring the new versions). The mirror must equal the simulator's truth.
 */
import { startBulkWalk } from '../../../src/temporal/bulk-walks';
import { compareMirrorWithTruth } from '../../helpers/bulk-mirror-check';
import { waitForBulkPages } from '../../helpers/bulk-walk-progress';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';

jest.setTimeout(600_000);

let e2e: PullE2E;
beforeAll(async () => (e2e = await startPullE2E({ env: { ARLO_BULK_SEGMENTS: '3' } })));
afterAll(async () => e2e.close());

describe('segmented bulk walk', () => {
  it('reads three time ranges at once and mirrors every record, also those updated during the walk', async () => {
    const { control } = e2e.sim;
    const spread = await control.seed({
      counts: { Contact: 1500 },
      lastModified: { mode: 'spaced', at: '2024-01-01T00:00:00.0000000Z', stepMs: 3_600_000 },
    });
    await control.seed({
      counts: { Contact: 600 },
      lastModified: { mode: 'sameMillisecond', at: '2024-01-20T12:00:00.0000000Z' },
    });
    await control.pauseWebhooks();
    await control.setKnobs({ latencyMs: { min: 20, max: 20 } });
    await control.resetCounters();

    const { handle } = await startBulkWalk(e2e.client, e2e.config, {
      platform: e2e.platform,
      resourceType: 'Contact',
      pageSize: 50,
    });
    const during = await waitForBulkPages(e2e.client, { platform: e2e.platform, resourceType: 'Contact' }, 6);
    // Records from every part of the range move to "now" while the walk runs.
    const ids = spread.created.Contact ?? [];
    const updated = ids.filter((_, index) => index % 50 === 7);
    for (const id of updated) {
      await control.updateRecord('Contact', id, { fields: { FirstName: `Updated ${id}` } });
    }
    const result = await handle.result();
    await control.setKnobs({ latencyMs: { min: 0, max: 0 } });

    expect(during.status).toBe('running');
    expect(result.status).toBe('done');
    const comparison = await compareMirrorWithTruth(control, e2e.mongo.db, e2e.platform, 'Contact');
    expect(comparison.differences).toEqual([]);
    expect(comparison.mirrored).toBe(2100);
    expect(updated.length).toBe(30);
    const counters = await control.counters();
    // The walk's requests only: the worker's catch-up schedule may query PlatformEvents meanwhile (it
    // fires every quarter hour on the clock).
    expect(counters.byEndpoint['GET /contacts/']?.total).toBe(result.pages);
    // The walk did run in segments (a single cursor has exactly one).
    expect((during.segments ?? []).length).toBeGreaterThanOrEqual(3);
  });
});
