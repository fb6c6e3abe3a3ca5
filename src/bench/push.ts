/**
 * Benchmark: the push path. The worker (both task queues, the Arlo queue rate-limited to the platform's
 * budget) pushes through the record's push workflow against the Arlo simulator, which enforces that same
 * budget (300 requests/minute by default, 429 + Retry-After beyond it). Runs on the embedded stack in
 * ephemeral mode (or TEMPORAL_ADDRESS / MONGODB_URI).
 *
 * Figures: Arlo API calls per push (simulator request counters) for new, unchanged and changed records,
 * then pushes per second when many records change at once, and how many requests the simulator refused.
 * Webhooks are not delivered here, so the budget is the push path's alone.
 *
 *   npm run build && node dist/src/cli.js bench --only push
 */
import { randomUUID } from 'node:crypto';

import { DefaultLogger, Runtime } from '@temporalio/worker';

import { loadConfig, type Config } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import { createLogger } from '../logger';
import { pushToArlo, type PushCall } from '../push/push-client';
import { startSimulator, type RunningSimulator } from '../simulator';
import { connectMongo } from '../store/mongo';
import { connectClient, temporalTarget } from '../temporal/connection';
import { scheduleIds } from '../temporal/schedules';
import { startWorkers } from '../worker';
import { roundTo, type BenchmarkResult } from './report';

export interface PushBenchOptions {
  /** Records per calls-per-push phase. */
  readonly records: number;
  /** How long the throughput phase keeps pushing changes. */
  readonly durationSeconds: number;
  /** Pushes in flight at once during the throughput phase (each for its own record). */
  readonly concurrency: number;
  readonly log?: (line: string) => void;
}

export const DEFAULT_PUSH_OPTIONS = { records: 10, durationSeconds: 30, concurrency: 16 } as const;

export async function benchPush(options: PushBenchOptions): Promise<BenchmarkResult> {
  const log = options.log ?? (() => undefined);
  if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startLocalStack(loadConfig(), { mode: 'ephemeral', log });
  const sim = await startSimulator({ platform: 'push-bench.arlo.test', onError: () => undefined });
  const config = benchConfig(stack.temporalAddress, stack.mongoUri, sim);
  await sim.control.setKnobs({
    rateLimit: { requestsPerMinute: config.arlo.requestsPerMinute, retryAfterSeconds: 1 },
  });
  const mongo = await connectMongo(stack.mongoUri, config.mongo.database);
  const client = await connectClient(temporalTarget(config));
  const workers = await startWorkers(config, createLogger('warn', 'push-bench'));
  try {
    const push = (externalId: string, fields: Record<string, string>) => {
      const call: PushCall = {
        platform: sim.platform,
        resourceType: 'Contact',
        externalId,
        desired: { fields: { CodePrimary: externalId, ...fields } },
      };
      return pushToArlo(client, config, call);
    };
    const ids = Array.from({ length: options.records }, (_, i) => `BENCH-${i}`);
    const callsPerPush = async (phase: string, fields: (id: string) => Record<string, string>) => {
      await sim.control.resetCounters();
      for (const id of ids) {
        const outcome = await push(id, fields(id));
        if (outcome.outcome === 'failed') throw new Error(`push ${id} failed: ${outcome.reason}`);
      }
      const { byEndpoint } = await sim.control.counters();
      // The worker's catch-up schedule may walk PlatformEvents during a phase; no push reads them.
      const pushCalls = Object.entries(byEndpoint)
        .filter(([endpoint]) => !endpoint.includes('/platformevents/'))
        .reduce((sum, [, count]) => sum + count.total, 0);
      const calls = pushCalls / ids.length;
      const byRoute = Object.entries(byEndpoint).map(([endpoint, count]) => `${endpoint} ${count.total}`);
      log(`${phase}: ${calls} Arlo calls per push (${byRoute.join(', ')})`);
      return calls;
    };
    const created = await callsPerPush('new', (id) => ({ FirstName: 'Bench', LastName: id }));
    const unchanged = await callsPerPush('unchanged', (id) => ({ FirstName: 'Bench', LastName: id }));
    const changed = await callsPerPush('changed', (id) => ({ FirstName: 'Changed', LastName: id }));

    log(`pushing changes to ${options.concurrency} records at once for ${options.durationSeconds} s`);
    await sim.control.resetCounters();
    const started = Date.now();
    let pushes = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, lane) => {
        const id = ids[lane % ids.length] ?? 'BENCH-0';
        for (let round = 0; Date.now() - started < options.durationSeconds * 1000; round++) {
          const outcome = await push(`${id}-${lane}`, { FirstName: `Round ${round}`, LastName: id });
          if (outcome.outcome === 'failed') failed++;
          else pushes++;
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const counters = await sim.control.counters();
    return {
      benchmark: 'push',
      description:
        `pushes through the push workflow against the simulator enforcing ${config.arlo.requestsPerMinute} ` +
        `requests/min (${options.records} records per phase; then ${options.concurrency} records changing ` +
        `for ${options.durationSeconds} s, the first round of each a create)`,
      figures: [
        { name: 'calls per push, new', value: created, unit: 'requests' },
        { name: 'calls per push, unchanged', value: unchanged, unit: 'requests' },
        { name: 'calls per push, changed', value: changed, unit: 'requests' },
        { name: 'throughput', value: roundTo(pushes / seconds, 2), unit: 'pushes/s' },
        {
          name: 'Arlo request rate',
          value: roundTo((counters.total / seconds) * 60, 2),
          unit: 'requests/min',
        },
        {
          name: 'refused by the rate limit',
          value: counters.byStatus['429'] ?? 0,
          unit: 'requests',
          target: '0',
        },
        { name: 'failed pushes', value: failed, unit: 'pushes', target: '0' },
      ],
      notes: [
        'calls per push: new = find by CodePrimary + POST + PUT IntegrationData; ' +
          'unchanged = one GET of the record with ?expand=IntegrationData; changed adds the PATCH ' +
          '(PlatformEvents requests of the catch-up schedule in a phase are not counted)',
      ],
    };
  } finally {
    workers.shutdown();
    await workers.done;
    await client.schedule
      .getHandle(scheduleIds.catchUp(sim.platform))
      .delete()
      .catch(() => undefined);
    await client.connection.close();
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
    await sim.close();
    await stack.stop();
  }
}

function benchConfig(temporalAddress: string, mongoUri: string, sim: RunningSimulator): Config {
  const run = randomUUID().slice(0, 8);
  return loadConfig({
    TEMPORAL_ADDRESS: temporalAddress,
    MONGODB_URI: mongoUri,
    MONGODB_DATABASE: `push-bench-${run}`,
    ARLO_SYNC_TASK_QUEUE: `push-bench-${run}`,
    ARLO_SYNC_ARLO_TASK_QUEUE: `push-bench-arlo-${run}`,
    ARLO_BASE_URL: sim.baseUrl,
    ARLO_PLATFORM: sim.platform,
    ARLO_USERNAME: sim.credentials.username,
    ARLO_PASSWORD: sim.credentials.password,
    LOG_LEVEL: 'warn',
  });
}
