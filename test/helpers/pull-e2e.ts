/**
 * The whole pull path for end-to-end tests, every part real: the Arlo simulator over HTTP on 127.0.0.1,
 * the receiver (src/server.ts) on a free port, the worker (src/worker.ts, both task queues) with the
 * real Arlo client, the harness's Temporal and MongoDB. Each environment has its own platform name,
 * task queues and database, so tests never see each other's events.
 */
import { randomBytes } from 'node:crypto';

import type { Client } from '@temporalio/client';

import { createArloClientFactory } from '../../activities/arlo-clients';
import { loadConfig, type Config } from '../../src/config';
import type { CatchUpMissedEventsInput, CatchUpMissedEventsResult } from '../../src/domain/catch-up';
import { isHandledEventType } from '../../src/domain/arlo-event';
import { feedPruneScheduleId } from '../../src/domain/feed-delivery';
import { createLogger } from '../../src/logger';
import { startReceiver, type RunningReceiver } from '../../src/server';
import { startSimulator, type KnobsPatch, type RunningSimulator } from '../../src/simulator';
import { collections } from '../../src/store/collections';
import { connectMongo, type MongoConnection } from '../../src/store/mongo';
import { reconcileScheduleId } from '../../src/temporal/bulk-schedules';
import { scheduleIds } from '../../src/temporal/schedules';
import { startWorkers, type RunningWorkers } from '../../src/worker';
import './quiet-runtime';
import { testClient, uniqueName } from './test-stack';

export interface PullE2E {
  readonly sim: RunningSimulator;
  readonly config: Config;
  readonly platform: string;
  readonly mongo: MongoConnection;
  readonly client: Client;
  /** The receiver's base URL (`http://127.0.0.1:<port>`), for the push endpoint. */
  receiverUrl(): string;
  startWorkers(): Promise<void>;
  /** Graceful stop: in-flight activities finish, open workflows wait on the server for the next worker. */
  stopWorkers(): Promise<void>;
  /** Resolves once every handled event the simulator has emitted (webhooks delivered or not) is ledgered. */
  waitUntilProcessed(options?: { timeoutMs?: number; delivered?: boolean }): Promise<string[]>;
  runCatchUp(): Promise<CatchUpMissedEventsResult>;
  close(): Promise<void>;
}

export async function startPullE2E(options: { knobs?: KnobsPatch; env?: Record<string, string> } = {}) {
  const platform = `${uniqueName('e2e')}.arlo.test`;
  const key = randomBytes(24).toString('base64');
  const sim = await startSimulator({
    platform,
    knobs: options.knobs ?? {},
    onError: (e) => console.error(e),
  });
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ARLO_BASE_URL: sim.baseUrl,
    ARLO_PLATFORM: sim.platform,
    ARLO_USERNAME: sim.credentials.username,
    ARLO_PASSWORD: sim.credentials.password,
    ARLO_WEBHOOK_KEYS: key,
    ARLO_SYNC_TASK_QUEUE: uniqueName('e2e'),
    ARLO_SYNC_ARLO_TASK_QUEUE: uniqueName('e2e-arlo'),
    MONGODB_DATABASE: uniqueName('e2e'),
    RECEIVER_HOST: '127.0.0.1',
    RECEIVER_PORT: '0',
    ...options.env,
  });
  const logger = createLogger(config.logLevel, 'pull-e2e');
  const mongo = await connectMongo(config.mongo.uri ?? '', config.mongo.database);
  const client = await testClient(config);
  let receiver: RunningReceiver | undefined;
  let workers: RunningWorkers | undefined;

  const e2e: PullE2E = {
    sim,
    config,
    platform,
    mongo,
    client,
    receiverUrl: () => receiver?.url ?? '',
    async startWorkers() {
      workers = await startWorkers(config, logger, { arloClients: createArloClientFactory(config) });
      // The worker creates the platform's catch-up (every 15 minutes) and reconciliation (02:00 UTC)
      // schedules. Tests run the catch-up themselves, when the test needs it: a scheduled run landing
      // mid-test would recover events first or add requests to the counts. A paused schedule stays
      // paused across worker restarts (ensureSchedules keeps its state).
      for (const scheduleId of [scheduleIds.catchUp(platform), reconcileScheduleId(platform)]) {
        await client.schedule.getHandle(scheduleId).pause('paused by the test harness');
      }
    },
    async stopWorkers() {
      workers?.shutdown();
      await workers?.done;
      workers = undefined;
    },
    async waitUntilProcessed({ timeoutMs = 90_000, delivered = true } = {}) {
      if (delivered) await sim.control.waitForWebhooksIdle(timeoutMs);
      const expected = (await sim.control.events())
        .filter((e) => isHandledEventType(e.type))
        .map((e) => e.id);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ledgered = await collections(mongo.db)
          .processedEvents.find({ platform, eventId: { $in: expected } }, { projection: { eventId: 1 } })
          .toArray();
        if (ledgered.length === expected.length) return expected;
        if (Date.now() > deadline) {
          const seen = new Set(ledgered.map((d) => d.eventId));
          throw new Error(`events never processed: ${expected.filter((id) => !seen.has(id)).join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    runCatchUp() {
      const input: CatchUpMissedEventsInput = {
        platform,
        arloTaskQueue: config.temporal.arloTaskQueue,
        pageSize: config.arlo.pageSize,
      };
      return client.workflow.execute<(i: CatchUpMissedEventsInput) => Promise<CatchUpMissedEventsResult>>(
        'catchUpMissedEvents',
        {
          workflowId: uniqueName(`arlo-catch-up:${platform}`),
          taskQueue: config.temporal.taskQueue,
          args: [input],
        },
      );
    },
    async close() {
      await e2e.stopWorkers();
      await receiver?.close();
      await sim.close();
      await client.schedule
        .getHandle(scheduleIds.catchUp(platform))
        .delete()
        .catch(() => undefined);
      await client.schedule
        .getHandle(reconcileScheduleId(platform))
        .delete()
        .catch(() => undefined);
      await client.schedule
        .getHandle(feedPruneScheduleId(platform))
        .delete()
        .catch(() => undefined);
      await client.connection.close();
      await mongo.db.dropDatabase();
      await mongo.close();
    },
  };

  try {
    receiver = await startReceiver(config, logger);
    await sim.control.registerWebhookEndpoint({
      name: 'arlo-sync e2e',
      url: `${receiver.url}${config.receiver.webhookPath}`,
      key,
    });
    await e2e.startWorkers();
  } catch (error) {
    await e2e.close().catch(() => undefined);
    throw error;
  }
  return e2e;
}
