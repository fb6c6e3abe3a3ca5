/**
 * Benchmark: the pull path end to end. Arlo users edit records in the simulator at a steady rate; the
 * simulator delivers signed webhooks to the real receiver, whose workflows (one per event) the real
 * worker processes through its coalescer (PlatformEvents queries on the rate-limited Arlo queue) into
 * the MongoDB mirror. Runs on the embedded stack in ephemeral mode (or TEMPORAL_ADDRESS / MONGODB_URI).
 *
 * Figures: events synchronised per second, latency from the Arlo write (the event's dateTime) to the
 * ledger row, and PlatformEvents queries per event (each one request of the platform's 300/min).
 *
 *   npm run build && node dist/src/cli.js bench --only pull-sync
 */
import { randomBytes } from 'node:crypto';

import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Db } from 'mongodb';

import { createArloClientFactory } from '../../activities';
import { isHandledEventType } from '../domain/arlo-event';
import { loadConfig } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import { createLogger } from '../logger';
import { startReceiver } from '../server';
import { startSimulator } from '../simulator';
import { collections } from '../store/collections';
import { connectMongo } from '../store/mongo';
import { connectClient, temporalTarget } from '../temporal/connection';
import { scheduleIds } from '../temporal/schedules';
import { startWorkers } from '../worker';
import { pullBenchConfig } from './pull-bench-config';
import { roundTo } from './report';

export interface PullSyncBenchOptions {
  /** Arlo-user edits per second while the load runs. */
  readonly editsPerSecond: number;
  readonly durationSeconds: number;
  /** Pull-path variables over the benchmark's own (`bench --set`). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

export interface PullSyncBenchResult {
  readonly options: Omit<PullSyncBenchOptions, 'log'>;
  readonly events: number;
  /** Events over the time from the first edit to the last ledger row. */
  readonly eventsPerSecond: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly platformEventQueries: number;
  readonly eventsPerQuery: number;
  /** Callbacks the receiver accepted (2xx), and PlatformEvents queries per accepted callback. */
  readonly callbacks: number;
  readonly queriesPerCallback: number;
  /** What the Arlo queue's rate limit allows with this batch size. */
  readonly ceilingEventsPerSecond: number;
  readonly unprocessed: number;
}

export const DEFAULT_PULL_SYNC_OPTIONS = { editsPerSecond: 20, durationSeconds: 20 } as const;
/** Low load: callbacks rarely overlap, so each should cost at most one query. */
export const LOW_LOAD_EDITS_PER_SECOND = 1;

export async function benchPullSync(options: PullSyncBenchOptions): Promise<PullSyncBenchResult> {
  const log = options.log ?? (() => undefined);
  // The worker's state changes and bundling at INFO would drown the benchmark's table.
  if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('WARN') });
  const base = loadConfig();
  const stack = await startLocalStack(base, { mode: 'ephemeral', log });
  const sim = await startSimulator({ platform: 'bench.arlo.test', onError: () => undefined });
  const key = randomBytes(24).toString('base64');
  const config = pullBenchConfig(
    'pull-bench',
    stack.temporalAddress,
    stack.mongoUri,
    sim,
    key,
    options.settings,
  );
  const logger = createLogger('warn', 'pull-bench');
  const mongo = await connectMongo(stack.mongoUri, config.mongo.database);
  const client = await connectClient(temporalTarget(config));
  try {
    const receiver = await startReceiver(config, logger);
    const workers = await startWorkers(config, logger, { arloClients: createArloClientFactory(config) });
    try {
      await sim.control.registerWebhookEndpoint({
        url: `${receiver.url}${config.receiver.webhookPath}`,
        key,
      });
      await sim.control.seed({ counts: { Organisation: 50, Contact: 500, Event: 10 } });
      log(`editing at ${options.editsPerSecond}/s for ${options.durationSeconds} s`);
      const started = Date.now();
      await editSteadily(sim.control, options);
      await sim.control.waitForWebhooksIdle(120_000);
      // Seeding is silent: every event is an edit's. Deleted events are not delivered by webhook.
      const events = (await sim.control.events()).filter(
        (e) => isHandledEventType(e.type) && !e.type.endsWith('.Deleted'),
      );
      const rows = await waitForLedger(mongo.db, sim.platform, events.length, 180_000);
      const finished = Math.max(...rows.map((r) => r.processedAt.getTime()));
      const written = new Map(events.map((e) => [e.id, Date.parse(e.dateTime)]));
      const latencies = rows
        .map((r) => r.processedAt.getTime() - (written.get(r.eventId) ?? r.processedAt.getTime()))
        .sort((a, b) => a - b);
      const counters = await sim.control.counters();
      const queries = counters.byEndpoint['GET /platformevents/query/']?.total ?? 0;
      const callbacks = (await sim.control.deliveries()).filter((d) => d.outcome === 'delivered').length;
      const batch = config.pull.eventQueryBatchSize;
      return {
        options: { editsPerSecond: options.editsPerSecond, durationSeconds: options.durationSeconds },
        events: events.length,
        eventsPerSecond: roundTo(events.length / ((finished - started) / 1000), 1),
        latencyMs: {
          p50: percentile(latencies, 0.5),
          p90: percentile(latencies, 0.9),
          p99: percentile(latencies, 0.99),
          max: latencies.at(-1) ?? 0,
        },
        platformEventQueries: queries,
        eventsPerQuery: roundTo(events.length / Math.max(queries, 1), 1),
        callbacks,
        queriesPerCallback: Math.round((queries / Math.max(callbacks, 1)) * 100) / 100,
        ceilingEventsPerSecond: roundTo(((config.arlo.requestsPerMinute * 0.95) / 60) * batch, 1),
        unprocessed: events.length - rows.length,
      };
    } finally {
      workers.shutdown();
      await workers.done;
      await receiver.close();
      await client.schedule
        .getHandle(scheduleIds.catchUp(sim.platform))
        .delete()
        .catch(() => undefined);
    }
  } finally {
    await client.connection.close();
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
    await sim.close();
    await stack.stop();
  }
}

/** Edits in ticks of 100 ms, so the rate holds even when one tick's request is slow. */
async function editSteadily(
  control: { userEdits(count: number): Promise<unknown> },
  { editsPerSecond, durationSeconds }: PullSyncBenchOptions,
): Promise<void> {
  const start = Date.now();
  let done = 0;
  while (Date.now() - start < durationSeconds * 1000) {
    const due = Math.floor(((Date.now() - start) / 1000) * editsPerSecond) - done;
    if (due > 0) {
      await control.userEdits(due);
      done += due;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForLedger(
  db: Db,
  platform: string,
  expected: number,
  timeoutMs: number,
): Promise<{ eventId: string; processedAt: Date }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await collections(db)
      .processedEvents.find({ platform }, { projection: { eventId: 1, processedAt: 1 } })
      .toArray();
    if (rows.length >= expected || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
