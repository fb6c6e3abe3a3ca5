/**
 * Temporal unreachable for a while, every other part real: while the server is down the receiver must
 * answer 5xx (never 2xx: nothing would hold the events), the simulator retries as Arlo does, retries that
 * land after the restart succeed, and the catch-up closes what ran out of retries. In the end the mirror
 * equals the simulator's truth and every event is in the ledger exactly once.
 *
 * This test runs its own Temporal dev server (a SQLite file, a fixed port) so it can stop and restart it
 * without disturbing the other tests' server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '../../../src/config';
import { startTemporalDevServer, type TemporalDevServer } from '../../../src/devstack/temporal-dev-server';
import { ensureTemporalCli } from '../../../src/devstack/tools';
import { collections } from '../../../src/store/collections';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';
import { expectInSync, seedAndEdit } from '../../helpers/pull-e2e-assertions';
import { freeStablePort } from '../../helpers/stable-ports';

jest.setTimeout(300_000);

// Five retries, 0.3 s to 4.8 s apart (plus the receiver's own start timeout on each failed attempt).
const RETRY_BASE_DELAY_MS = 300;

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('pull path while Temporal is unreachable', () => {
  let dataDir: string;
  let temporal: TemporalDevServer | undefined;
  let e2e: PullE2E | undefined;
  let startTemporal: () => Promise<TemporalDevServer>;

  beforeAll(async () => {
    const config = loadConfig();
    const binary = await ensureTemporalCli(config.toolsDir, () => undefined);
    dataDir = await mkdtemp(join(tmpdir(), 'arlo-sync-outage-'));
    const port = await freeStablePort();
    // The same port and database file on every start: a restart, as operators do it.
    startTemporal = () =>
      startTemporalDevServer({
        binary,
        port,
        dbFile: join(dataDir, 'temporal.db'),
        namespace: config.temporal.namespace,
      });
    temporal = await startTemporal();
  });

  afterAll(async () => {
    await e2e?.close();
    await temporal?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 5xx while Temporal is down, and retries plus catch-up lose nothing', async () => {
    if (!temporal) throw new Error('the dedicated Temporal dev server did not start');
    e2e = await startPullE2E({
      env: { TEMPORAL_ADDRESS: temporal.address },
      knobs: { webhooks: { deliverDeletedEvents: true, retryBaseDelayMs: RETRY_BASE_DELAY_MS } },
    });
    await seedAndEdit(e2e, 20);
    await e2e.waitUntilProcessed();

    await temporal.stop();
    temporal = undefined;
    const sim = e2e.sim.control;
    // Two waves into the outage. The first batch runs out of its five retries while Temporal is down:
    // only the catch-up can recover it.
    await sim.userEdits(20);
    await sim.userEdits(20);
    const exhaustedBatch = await waitFor('a callback running out of retries', 120_000, async () =>
      (await sim.deliveries()).find((a) => a.outcome === 'exhausted'),
    );
    // The batches behind it must outlast the restart however long it takes on a busy machine, so they
    // get more retries; one of them has failed at least once, and a retry after the restart delivers it.
    await sim.setKnobs({ webhooks: { maxRetries: 20 } });
    await waitFor('a later callback failing while Temporal is down', 120_000, async () =>
      (await sim.deliveries()).find((a) => a.outcome === 'failed' && a.batchId > exhaustedBatch.batchId),
    );
    temporal = await startTemporal();
    await e2e.sim.control.userEdits(10); // Delivered after the restart.
    await e2e.sim.control.waitForWebhooksIdle(90_000);

    const attempts = await e2e.sim.control.deliveries();
    const rejected = attempts.filter((a) => a.outcome === 'failed');
    // While Temporal was down the receiver said "retry" (503), never "accepted".
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((a) => a.status === 503)).toBe(true);
    const exhausted = attempts.filter((a) => a.outcome === 'exhausted');
    expect(exhausted.length).toBeGreaterThan(0);
    const recoveredByRetry = attempts.filter((a) => a.outcome === 'delivered' && a.attempt > 1);
    expect(recoveredByRetry.length).toBeGreaterThan(0);

    const lostEventIds = new Set(exhausted.flatMap((a) => a.eventIds));
    const ledgered = await collections(e2e.mongo.db)
      .processedEvents.find({ platform: e2e.platform, eventId: { $in: [...lostEventIds] } })
      .toArray();
    expect(ledgered).toHaveLength(0); // Only the catch-up can bring these back.

    const found = await e2e.runCatchUp();
    expect(found.missedCount).toBeGreaterThanOrEqual(lostEventIds.size);
    const eventIds = await e2e.waitUntilProcessed({ delivered: false });
    await expectInSync(e2e, eventIds);
  });
});
