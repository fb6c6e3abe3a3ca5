/**
 * Benchmark: the change feed. Three figures, on the embedded stack in ephemeral mode (or
 * TEMPORAL_ADDRESS / MONGODB_URI):
 *  - the MongoDB commands the feed adds to one mirror write (new record, newer version, redelivery),
 *    counted with the driver's command monitoring: commands on the feed's collections and on the push
 *    records (the push-echo check);
 *  - read throughput: a consumer reading `GET /changes` (1,000 a page) over HTTP from the receiver;
 *  - latency from an Arlo user's edit (its LastModifiedDateTime) to a consumer's receipt of the signed
 *    notification, at 1 edit/s, through webhooks, the worker, the feed and the delivery workflow.
 *
 *   npm run bench -- --only feed --seconds 10
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DefaultLogger, Runtime } from '@temporalio/worker';
import { MongoClient, type CommandStartedEvent } from 'mongodb';

import { createArloClientFactory } from '../../activities';
import { loadConfig, type Config } from '../config';
import { feedDeliveryWorkflowId, feedPruneScheduleId } from '../domain/feed-delivery';
import { startLocalStack } from '../devstack/local-stack';
import { readChanges, verifyNotification } from '../feed';
import { createLogger } from '../logger';
import { startReceiver } from '../server';
import { startSimulator } from '../simulator';
import { upsertEntities } from '../store/bulk-mirror';
import { upsertEntity, type MirrorableEntity } from '../store/entity-mirror';
import { reconcileScheduleId } from '../temporal/bulk-schedules';
import { startBulkWalk } from '../temporal/bulk-walks';
import { connectClient, temporalTarget } from '../temporal/connection';
import { scheduleIds } from '../temporal/schedules';
import { startWorkers } from '../worker';
import type { BenchmarkResult } from './report';

export interface FeedBenchOptions {
  readonly seconds: number;
  readonly log?: (line: string) => void;
}

const FEED_COLLECTIONS = new Set(['feed_changes', 'feed_slots', 'feed_heads']);
const ORIGIN_COLLECTIONS = new Set(['push_record_arlo_ids', 'push_records']);

export async function benchFeed(options: FeedBenchOptions): Promise<BenchmarkResult> {
  const log = options.log ?? (() => undefined);
  if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startLocalStack(loadConfig(), { mode: 'ephemeral', log });
  try {
    const costs = await measureWriteCost(stack.mongoUri);
    log(`commands per write: ${JSON.stringify(costs)}`);
    const pipeline = await measurePipeline(stack.temporalAddress, stack.mongoUri, options, log);
    return {
      benchmark: 'feed',
      description:
        `the change feed: MongoDB commands it adds per mirror write; GET /changes read throughput over ` +
        `${pipeline.changesRead} changes; Arlo edit → signed notification received, at 1 edit/s for ` +
        `${pipeline.editSeconds} s`,
      figures: [
        { name: 'feed commands per new record (Contact)', value: costs.created.feed, unit: 'commands' },
        { name: 'push-echo check per new record (Contact)', value: costs.created.origin, unit: 'commands' },
        { name: 'feed commands per newer version', value: costs.updated.feed, unit: 'commands' },
        { name: 'feed commands per redelivered version', value: costs.unchanged.feed, unit: 'commands' },
        {
          name: 'feed commands per bulk page of 250 new records',
          value: costs.bulkPage.feed,
          unit: 'commands',
        },
        { name: 'read throughput', value: pipeline.readPerSecond, unit: 'changes/s' },
        { name: 'edit → notification p50', value: pipeline.latencyMs.p50, unit: 'ms' },
        { name: 'edit → notification p99', value: pipeline.latencyMs.p99, unit: 'ms' },
        { name: 'edits received by the consumer', value: pipeline.received, unit: `of ${pipeline.edits}` },
      ],
    };
  } finally {
    await stack.stop();
  }
}

interface CommandCount {
  feed: number;
  origin: number;
  other: number;
}

/** Commands the feed and the push-echo check add to mirror writes, by kind of write. */
async function measureWriteCost(mongoUri: string) {
  const client = new MongoClient(mongoUri, { monitorCommands: true });
  await client.connect();
  const db = client.db(`feed-bench-${randomUUID().slice(0, 8)}`);
  let count: CommandCount = { feed: 0, origin: 0, other: 0 };
  client.on('commandStarted', (event: CommandStartedEvent) => {
    const collection: unknown = event.command[event.commandName];
    if (typeof collection !== 'string') return;
    if (FEED_COLLECTIONS.has(collection)) count.feed += 1;
    else if (ORIGIN_COLLECTIONS.has(collection)) count.origin += 1;
    else count.other += 1;
  });
  const measure = async (write: () => Promise<unknown>, times: number) => {
    await write(); // The first of a kind also creates collections: not counted.
    count = { feed: 0, origin: 0, other: 0 };
    for (let i = 0; i < times; i++) await write();
    return { feed: count.feed / times, origin: count.origin / times, other: count.other / times };
  };
  try {
    const platform = 'bench.arlo.test';
    let id = 0;
    const contact = (recordId: string, version: number): MirrorableEntity => ({
      resourceType: 'Contact',
      id: recordId,
      lastModifiedDateTime: `2026-01-01T00:00:00.${String(version).padStart(7, '0')}Z`,
      fields: { FirstName: `v${version}` },
      links: [],
      related: {},
    });
    const created = await measure(
      () => upsertEntity(db, platform, contact(String(++id), 1), { source: 'webhook' }),
      20,
    );
    let version = 1;
    const updated = await measure(
      () => upsertEntity(db, platform, contact('1', ++version), { source: 'webhook' }),
      20,
    );
    const unchanged = await measure(
      () => upsertEntity(db, platform, contact('1', version), { source: 'webhook' }),
      20,
    );
    const page = () => Array.from({ length: 250 }, () => contact(String(++id), 1));
    const bulkPage = await measure(() => upsertEntities(db, platform, page(), { source: 'bulk' }), 4);
    return { created, updated, unchanged, bulkPage };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

async function measurePipeline(
  temporalAddress: string,
  mongoUri: string,
  options: FeedBenchOptions,
  log: (line: string) => void,
) {
  const sim = await startSimulator({ platform: 'feed-bench.arlo.test', onError: () => undefined });
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const received = new Map<string, number>();
  const consumer = await startConsumer(secret, received);
  const key = randomBytes(24).toString('base64');
  const token = randomBytes(24).toString('hex');
  const config = benchConfig(temporalAddress, mongoUri, sim, key, token, consumer.url, secret);
  const logger = createLogger('warn', 'feed-bench');
  const client = await connectClient(temporalTarget(config));
  const receiver = await startReceiver(config, logger);
  const workers = await startWorkers(config, logger, { arloClients: createArloClientFactory(config) });
  try {
    await sim.control.registerWebhookEndpoint({ url: `${receiver.url}${config.receiver.webhookPath}`, key });
    // Read throughput: a bulk load makes the changes, a consumer reads them all.
    await sim.control.seed({ counts: { Organisation: 200, Contact: Math.max(1000, options.seconds * 500) } });
    const walks = await Promise.all(
      (['Organisation', 'Contact'] as const).map((resourceType) =>
        startBulkWalk(client, config, { platform: sim.platform, resourceType }),
      ),
    );
    await Promise.all(walks.map(({ handle }) => handle.result()));
    const readStarted = performance.now();
    let cursor = '0';
    let changesRead = 0;
    for (;;) {
      const page = await readChanges({ baseUrl: receiver.url, token, after: cursor, limit: 1000 });
      changesRead += page.changes.length;
      if (page.next === cursor) break;
      cursor = page.next;
    }
    const readPerSecond = Math.round(changesRead / ((performance.now() - readStarted) / 1000));
    log(`read ${changesRead} changes at ${readPerSecond}/s`);

    // Latency: Arlo-user edits at 1/s; the notifications of the bulk load are drained first.
    await waitFor(() => received.size >= changesRead, 300_000);
    received.clear();
    const editSeconds = options.seconds * 2;
    const edits: string[] = [];
    for (let second = 0; second < editSeconds; second++) {
      const started = Date.now();
      const update = await sim.control.updateRecord('Contact', String(1001 + second), {
        fields: { Status: second % 2 === 0 ? 'Inactive' : 'Active' },
      });
      edits.push(update.lastModifiedDateTime);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))));
    }
    await waitFor(() => edits.every((edit) => received.has(edit)), 120_000);
    const latencies = edits
      .filter((edit) => received.has(edit))
      .map((edit) => (received.get(edit) ?? 0) - Date.parse(`${edit.slice(0, 23)}Z`))
      .sort((a, b) => a - b);
    return {
      changesRead,
      readPerSecond,
      editSeconds,
      edits: edits.length,
      received: latencies.length,
      latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
    };
  } finally {
    await client.workflow
      .getHandle(feedDeliveryWorkflowId('bench', sim.platform))
      .terminate('benchmark finished')
      .catch(() => undefined);
    workers.shutdown();
    await workers.done;
    await receiver.close();
    for (const id of [
      scheduleIds.catchUp(sim.platform),
      reconcileScheduleId(sim.platform),
      feedPruneScheduleId(sim.platform),
    ]) {
      await client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    }
    await client.connection.close();
    await consumer.close();
    await sim.close();
  }
}

/** A consumer endpoint that verifies every notification and notes when each version arrived. */
async function startConsumer(secret: string, received: Map<string, number>) {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      try {
        const notification = verifyNotification({
          secret,
          headers: request.headers,
          body: Buffer.concat(chunks),
        });
        if (notification.type === 'arlo.changes') {
          for (const change of notification.data.changes) {
            if (change.lastModifiedDateTime && !received.has(change.lastModifiedDateTime)) {
              received.set(change.lastModifiedDateTime, at);
            }
          }
        }
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/arlo-changes`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function benchConfig(
  temporalAddress: string,
  mongoUri: string,
  sim: { baseUrl: string; platform: string; credentials: { username: string; password: string } },
  key: string,
  token: string,
  consumerUrl: string,
  secret: string,
): Config {
  const run = randomUUID().slice(0, 8);
  return loadConfig({
    TEMPORAL_ADDRESS: temporalAddress,
    MONGODB_URI: mongoUri,
    MONGODB_DATABASE: `feed-bench-${run}`,
    ARLO_SYNC_TASK_QUEUE: `feed-bench-${run}`,
    ARLO_SYNC_ARLO_TASK_QUEUE: `feed-bench-arlo-${run}`,
    ARLO_BASE_URL: sim.baseUrl,
    ARLO_PLATFORM: sim.platform,
    ARLO_USERNAME: sim.credentials.username,
    ARLO_PASSWORD: sim.credentials.password,
    ARLO_WEBHOOK_KEYS: key,
    ARLO_REQUESTS_PER_MINUTE: '100000',
    CONSUMER_TOKENS: token,
    CONSUMER_NAME: 'bench',
    CONSUMER_WEBHOOK_URL: consumerUrl,
    CONSUMER_WEBHOOK_SECRET: secret,
    RECEIVER_HOST: '127.0.0.1',
    RECEIVER_PORT: '0',
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
  });
}

async function waitFor(holds: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!holds() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
