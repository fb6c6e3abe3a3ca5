/**
 * The pull path end to end, every part real (see test/helpers/pull-e2e.ts): Arlo users edit records in
 * the simulator, which delivers signed webhooks to the receiver; the worker fetches through the batcher
 * with the real Arlo client. Afterwards the mirror must equal the simulator's truth record by record,
 * the watermark must be the highest event ID, and every event must be in the ledger exactly once, also
 * when callbacks arrive twice or out of order, when the worker stops mid-flight, and when callbacks are
 * lost and only the catch-up can close the gap.
 */
import { collections } from '../../../src/store/collections';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';
import { expectInSync, seedAndEdit } from '../../helpers/pull-e2e-assertions';

jest.setTimeout(240_000);

async function queriesMade(e2e: PullE2E): Promise<number> {
  const counters = await e2e.sim.control.counters();
  return counters.byEndpoint['GET /platformevents/query/']?.total ?? 0;
}

describe('pull path end to end', () => {
  let e2e: PullE2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it('mirrors what Arlo users change, one PlatformEvents query per batch of events', async () => {
    e2e = await startPullE2E({ knobs: { webhooks: { deliverDeletedEvents: true } } });
    await seedAndEdit(e2e);
    const eventIds = await e2e.waitUntilProcessed();

    await expectInSync(e2e, eventIds);
    const queries = await queriesMade(e2e);
    process.stderr.write(`[pull e2e] ${eventIds.length} events, ${queries} PlatformEvents queries\n`);
    expect(queries).toBeLessThan(eventIds.length);
  });

  it('processes every event once when each callback arrives twice and batches out of order', async () => {
    e2e = await startPullE2E({
      knobs: { webhooks: { deliverDeletedEvents: true, duplicateRate: 1, reorderRate: 0.5 } },
    });
    await seedAndEdit(e2e);
    const eventIds = await e2e.waitUntilProcessed();

    await expectInSync(e2e, eventIds);
    const deliveries = await e2e.sim.control.deliveries();
    expect(deliveries.length).toBeGreaterThanOrEqual(2 * Math.ceil(eventIds.length / 10));
  });

  it('finishes what was in flight when the worker stops and starts again', async () => {
    e2e = await startPullE2E({ knobs: { webhooks: { deliverDeletedEvents: true } } });
    await seedAndEdit(e2e, 40);
    // Stop as soon as processing is under way: some events done, others mid-flight or not started.
    const deadline = Date.now() + 60_000;
    while ((await collections(e2e.mongo.db).processedEvents.countDocuments({ platform: e2e.platform })) < 5) {
      if (Date.now() > deadline) throw new Error('no event was processed within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await e2e.stopWorkers();
    await e2e.sim.control.userEdits(20); // Accepted by the receiver while no worker runs.
    await e2e.sim.control.waitForWebhooksIdle(60_000);
    await e2e.startWorkers();
    const eventIds = await e2e.waitUntilProcessed();

    await expectInSync(e2e, eventIds);
  });

  it('closes the gap left by lost callbacks with the catch-up', async () => {
    e2e = await startPullE2E({ knobs: { webhooks: { dropRate: 0.4 } } }); // Deleted events: catch-up only.
    await seedAndEdit(e2e);
    await e2e.sim.control.waitForWebhooksIdle(60_000);

    const found = await e2e.runCatchUp();
    const eventIds = await e2e.waitUntilProcessed({ delivered: false });

    expect(found.missedCount).toBeGreaterThan(0);
    expect(found.missedEventIds).toHaveLength(found.missedCount);
    await expectInSync(e2e, eventIds);
    expect((await e2e.runCatchUp()).missedCount).toBe(0); // Nothing left to find.
  });
});
