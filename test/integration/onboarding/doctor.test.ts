/**
 * `arlo-sync doctor` reports each broken piece correctly: Temporal or MongoDB unreachable (a port nothing
 * listens on), no webhook endpoint and no schedule (a fresh simulator platform nobody set up), a key
 * missing for a registered endpoint, a stale watermark, a ledger ahead of the platform's event IDs and a
 * receiver nothing answers for. Everything else is the harness's real stack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig, type Env } from '../../../src/config';
import { findFreePort } from '../../../src/devstack/free-port';
import type { CheckResult } from '../../../src/doctor/check-result';
import { runDoctor } from '../../../src/doctor/run-doctor';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { collections } from '../../../src/store/collections';
import { ensureIndexes } from '../../../src/store/indexes';
import { connectMongo, type MongoConnection } from '../../../src/store/mongo';
import { advanceWatermark } from '../../../src/store/watermarks';
import '../../helpers/quiet-runtime';
import { uniqueName } from '../../helpers/test-stack';

jest.setTimeout(120_000);

let sim: RunningSimulator;
let dataDir: string;
let env: Env;
let mongo: MongoConnection;

beforeAll(async () => {
  sim = await startSimulator({ platform: `${uniqueName('doctor')}.arlo.test`, onError: console.error });
  dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-doctor-'));
  env = {
    ...process.env,
    LOG_LEVEL: 'silent',
    ARLO_SYNC_DATA_DIR: dataDir,
    ARLO_BASE_URL: sim.baseUrl,
    ARLO_PLATFORM: sim.platform,
    ARLO_USERNAME: sim.credentials.username,
    ARLO_PASSWORD: sim.credentials.password,
    MONGODB_DATABASE: uniqueName('doctor'),
    RECEIVER_PUBLIC_URL: 'http://127.0.0.1:9',
  };
  const config = loadConfig(env);
  mongo = await connectMongo(config.mongo.uri ?? '', config.mongo.database);
  await ensureIndexes(mongo.db);
});

afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

const doctor = (overrides: Env = {}) =>
  runDoctor(() => loadConfig({ ...env, ...overrides }), { maxWatermarkAgeMs: 60 * 60 * 1000 });

function find(results: CheckResult[], name: string | RegExp): CheckResult {
  const found = results.find((r) => (typeof name === 'string' ? r.name === name : name.test(r.name)));
  if (!found) throw new Error(`no check named ${String(name)} in ${results.map((r) => r.name).join(', ')}`);
  return found;
}

describe('arlo-sync doctor', () => {
  it('reports a fresh platform: no endpoint and no schedule, with the fix for each', async () => {
    const results = await doctor();
    expect(find(results, 'Temporal').status).toBe('ok');
    expect(find(results, 'MongoDB').status).toBe('ok');
    expect(find(results, 'MongoDB indexes').status).toBe('ok');
    expect(find(results, /^Webhook endpoint/)).toMatchObject({
      status: 'fail',
      detail: 'none registered for http://127.0.0.1:9/webhooks/arlo',
      fix: 'run `arlo-sync setup`',
    });
    expect(find(results, /^Schedule arlo-catch-up:/)).toMatchObject({ status: 'fail', detail: 'missing' });
    expect(find(results, /^Last callback/).status).toBe('warn');
  });

  it('reports an endpoint whose key is not stored here', async () => {
    const endpoint = await sim.control.registerWebhookEndpoint({ url: 'http://127.0.0.1:9/webhooks/arlo' });
    try {
      const check = find(await doctor(), /^Webhook endpoint/);
      expect(check.status).toBe('fail');
      expect(check.detail).toMatch(/no signing key is stored here/);
      const withKey = find(await doctor({ ARLO_WEBHOOK_KEYS: endpoint.key }), /^Webhook endpoint/);
      expect(withKey.status).toBe('ok');
    } finally {
      await sim.control.removeWebhookEndpoint(endpoint.id);
    }
  });

  it('reports Temporal unreachable and skips what needs it', async () => {
    const results = await doctor({ TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}` });
    expect(find(results, 'Temporal')).toMatchObject({ status: 'fail' });
    expect(find(results, 'Temporal').detail).toMatch(/^cannot reach 127\.0\.0\.1:\d+/);
    expect(find(results, /^Schedules of/).status).toBe('skipped');
    expect(find(results, 'MongoDB').status).toBe('ok');
  });

  it('reports MongoDB unreachable and skips what needs it', async () => {
    const results = await doctor({ MONGODB_URI: `mongodb://127.0.0.1:${await findFreePort()}/` });
    expect(find(results, 'MongoDB')).toMatchObject({ status: 'fail' });
    expect(find(results, 'MongoDB').detail).toMatch(/^cannot reach mongodb:\/\/127\.0\.0\.1:\d+/);
    expect(find(results, /^Callbacks and watermark/).status).toBe('skipped');
    expect(find(results, 'Temporal').status).toBe('ok');
  });

  it('warns about a watermark that has not moved for longer than the threshold', async () => {
    await advanceWatermark(mongo.db, sim.platform, '5000000123');
    const threeHoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
    await collections(mongo.db).watermarks.updateOne(
      { _id: sim.platform },
      { $set: { updatedAt: threeHoursAgo } },
    );
    const check = find(await doctor(), /^Watermark of/);
    expect(check.status).toBe('warn');
    expect(check.detail).toMatch(/^event 5000000123, last moved 3\.0 h ago \(older than 60 min\)/);
  });

  it('fails when the ledger holds event IDs the platform has not reached: its new events would be dropped', async () => {
    // The watermark of the test above is 5000000123; this platform's first event is 5000000000.
    await sim.control.createRecord('Organisation', { fields: { Name: 'Reset Platform Ltd' } });
    const check = find(await doctor(), /^Event IDs of/);
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(
      /^event IDs went back on .*: the ledger holds event 5000000123, but the newest event the platform lists is 5000000000/,
    );
    expect(check.fix).toMatch(/processed_events, watermarks and catch_up_checkpoints/);
  });

  it('fails when nothing answers at the receiver, naming the URL', async () => {
    const port = await findFreePort();
    const check = find(await doctor({ RECEIVER_PUBLIC_URL: `http://127.0.0.1:${port}` }), 'Receiver');
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(
      new RegExp(`^nothing answers at http://127\\.0\\.0\\.1:${port}/healthz \\(.*ECONNREFUSED`),
    );
  });
});
