/**
 * `arlo-sync setup` against a fresh simulator platform, every part real (simulator over HTTP, the
 * harness's Temporal and MongoDB, the receiver and worker): a dry run changes nothing; setup registers
 * one endpoint, stores its key, creates the schedule; then an Arlo user's edit arrives through a signed
 * webhook into the mirror with no manual step; `doctor` finds everything in place; a second setup
 * registers nothing new.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ScheduleNotFoundError, type Client } from '@temporalio/client';

import { createArloClientFactory } from '../../../activities/arlo-clients';
import { loadConfig, type Env } from '../../../src/config';
import { findFreePort } from '../../../src/devstack/free-port';
import { createLogger } from '../../../src/logger';
import { runDoctor } from '../../../src/doctor/run-doctor';
import { runSetup } from '../../../src/onboarding/run-setup';
import { startReceiver, type RunningReceiver } from '../../../src/server';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { findEntity } from '../../../src/store/entity-mirror';
import { connectMongo, type MongoConnection } from '../../../src/store/mongo';
import { readWatermark } from '../../../src/store/watermarks';
import { scheduleIds } from '../../../src/temporal/schedules';
import { startWorkers, type RunningWorkers } from '../../../src/worker';
import '../../helpers/quiet-runtime';
import { testClient, uniqueName } from '../../helpers/test-stack';

jest.setTimeout(180_000);

let sim: RunningSimulator;
let dataDir: string;
let env: Env;
let client: Client;
let mongo: MongoConnection;
let receiver: RunningReceiver | undefined;
let workers: RunningWorkers | undefined;

beforeAll(async () => {
  sim = await startSimulator({ platform: `${uniqueName('setup')}.arlo.test`, onError: console.error });
  await sim.control.seed({ counts: { Contact: 3 } });
  dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-setup-'));
  const receiverPort = await findFreePort();
  env = {
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ARLO_SYNC_DATA_DIR: dataDir,
    ARLO_BASE_URL: sim.baseUrl,
    ARLO_PLATFORM: sim.platform,
    ARLO_USERNAME: sim.credentials.username,
    ARLO_PASSWORD: sim.credentials.password,
    ARLO_SYNC_TASK_QUEUE: uniqueName('setup'),
    ARLO_SYNC_ARLO_TASK_QUEUE: uniqueName('setup-arlo'),
    MONGODB_DATABASE: uniqueName('setup'),
    RECEIVER_HOST: '127.0.0.1',
    RECEIVER_PORT: String(receiverPort),
    RECEIVER_PUBLIC_URL: `http://127.0.0.1:${receiverPort}`,
  };
  const config = loadConfig(env);
  client = await testClient(config);
  mongo = await connectMongo(config.mongo.uri ?? '', config.mongo.database);
});

afterAll(async () => {
  workers?.shutdown();
  await workers?.done;
  await receiver?.close();
  await client.schedule
    .getHandle(scheduleIds.catchUp(sim.platform))
    .delete()
    .catch(() => undefined);
  await client.connection.close();
  await mongo.db.dropDatabase();
  await mongo.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function setup(dryRun: boolean) {
  const lines: string[] = [];
  const result = await runSetup(loadConfig(env), { dryRun }, { write: (line) => lines.push(line) });
  return { result, output: lines.join('\n') };
}

async function scheduleExists(): Promise<boolean> {
  try {
    await client.schedule.getHandle(scheduleIds.catchUp(sim.platform)).describe();
    return true;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
}

const keyFile = () => path.join(dataDir, 'secrets', `${sim.platform}.webhook-key`);

describe('arlo-sync setup', () => {
  it('--dry-run says what it would do and changes nothing', async () => {
    const { result, output } = await setup(true);
    expect(result.endpoint.action).toBe('would-register');
    expect(output).toMatch(/Would register a webhook endpoint for http:\/\/127\.0\.0\.1:\d+\/webhooks\/arlo/);
    expect(output).toMatch(/Would create schedule arlo-catch-up:/);
    expect(await sim.control.webhookEndpoints()).toEqual([]);
    expect(() => statSync(keyFile())).toThrow(/ENOENT/);
    expect(await scheduleExists()).toBe(false);
  });

  it('registers one endpoint, stores its key, creates the schedule; an edit then reaches the mirror', async () => {
    const { result, output } = await setup(false);

    const endpoints = await sim.control.webhookEndpoints();
    expect(endpoints).toHaveLength(1);
    const [endpoint] = endpoints;
    expect(endpoint?.url).toBe(result.callbackUrl);
    expect(endpoint?.eventTypes).toContain('Contact.Updated');
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(endpoint?.key);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(await scheduleExists()).toBe(true);
    // Secrets never reach the output.
    expect(output).not.toContain(endpoint?.key);
    expect(output).not.toContain(sim.credentials.password);

    // No manual step: the receiver and worker read the stored key from their configuration.
    const config = loadConfig(env);
    const logger = createLogger(config.logLevel, 'setup-test');
    receiver = await startReceiver(config, logger);
    workers = await startWorkers(config, logger, { arloClients: createArloClientFactory(config) });
    const [contact] = await sim.control.truth('Contact');
    if (!contact) throw new Error('the seed made no contact');
    await sim.control.updateRecord('Contact', contact.id, { fields: { FirstName: 'Onboarded' } });

    // Done when the event is processed to the end: mirrored, then ledgered and the watermark moved
    // (doctor reads the watermark next, and the mirror is written before it).
    const deadline = Date.now() + 90_000;
    for (;;) {
      const mirrored = await findEntity(mongo.db, sim.platform, 'Contact', contact.id);
      const watermark = await readWatermark(mongo.db, sim.platform);
      if (mirrored?.fields.FirstName === 'Onboarded' && watermark !== null) break;
      if (Date.now() > deadline) throw new Error('the edit never reached the mirror and the watermark');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const deliveries = await sim.control.deliveries(endpoint?.id);
    expect(deliveries.some((d) => d.status === 200)).toBe(true);
  });

  it('doctor then finds every piece in place, including the callback just accepted', async () => {
    const results = await runDoctor(() => loadConfig(env), { maxWatermarkAgeMs: 60 * 60 * 1000 });
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(results.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        `Last callback from ${sim.platform}`,
        `Watermark of ${sim.platform}`,
        `Webhook endpoint on ${sim.platform}`,
        `Schedule arlo-catch-up:${sim.platform}`,
      ]),
    );
  });

  it('a second setup registers nothing new and keeps the stored key', async () => {
    const keyBefore = readFileSync(keyFile(), 'utf8');
    const { result, output } = await setup(false);
    expect(result.endpoint.action).toBe('reused');
    expect(result.schedules[0]?.outcome).toBe('exists');
    expect(output).toMatch(/already registered/);
    expect(await sim.control.webhookEndpoints()).toHaveLength(1);
    expect(readFileSync(keyFile(), 'utf8')).toBe(keyBefore);
  });
});
