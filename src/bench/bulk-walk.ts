/**
 * Benchmark: a bulk walk of one seeded collection end to end (the simulator in a process of its own over
 * HTTP, the real worker in this process, Temporal and MongoDB from the embedded stack or
 * TEMPORAL_ADDRESS / MONGODB_URI), twice:
 *  - rate limit off (Arlo queue unlimited, the simulator unlimited): the pipeline's own cost in records/s;
 *  - rate limit on (ARLO_REQUESTS_PER_MINUTE, default 300, on the Arlo queue AND enforced by the
 *    simulator with 429 + Retry-After: 60, as Arlo does): records/s as a fraction of the ceiling,
 *    requestsPerMinute / 60 × 250 records a page (1,250/s at 300/min), and the 429s the walk caused.
 * Each walk reports the CPU milliseconds per 1,000 records of each process (worker, Temporal server,
 * store, simulator: ./process-cpu.ts), so the process a record costs most names the next bottleneck.
 * Peak RSS of this process (the worker) is sampled during the first walk.
 *
 *   npm run build && node dist/src/bench/bulk-walk.js [records]      (default 100,000)
 */
import { randomUUID } from 'node:crypto';

import { DefaultLogger, Runtime } from '@temporalio/worker';

import { createArloClientFactory } from '../../activities';
import { loadConfig, type Config } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import { createLogger } from '../logger';
import { collections } from '../store/collections';
import { connectMongo } from '../store/mongo';
import { reconcileScheduleId } from '../temporal/bulk-schedules';
import { startBulkWalk } from '../temporal/bulk-walks';
import { connectClient, temporalTarget } from '../temporal/connection';
import { scheduleIds } from '../temporal/schedules';
import { startWorkers } from '../worker';
import { describeMachine, formatMachine } from './machine';
import { childProcessIds, CpuSample } from './process-cpu';
import { formatResult, type BenchmarkResult, type Figure } from './report';
import { startSimulatorProcess, type SimulatorProcess } from './separate-simulator';
import { wholeNumberArgument } from './script-arguments';

export interface BulkWalkBenchOptions {
  readonly records: number;
  readonly requestsPerMinute: number;
  readonly log?: (line: string) => void;
}

interface WalkFigures {
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly requests: number;
  readonly refused429: number;
  readonly peakRssMb: number;
  readonly segments: number;
  /** CPU milliseconds per 1,000 records, by process; undefined where the process was not found. */
  readonly cpuPerThousand: Record<string, number | undefined>;
}

/** The walk's processes: this one runs the worker; Temporal and the store are the stack's children. */
function walkProcesses(sim: SimulatorProcess): Record<string, number[]> {
  return {
    worker: [process.pid],
    'Temporal server': childProcessIds(/temporal\S* server start-dev/),
    'store (FerretDB)': childProcessIds(/ferretdb/),
    simulator: [sim.pid],
  };
}

export async function benchBulkWalk(options: BulkWalkBenchOptions): Promise<BenchmarkResult> {
  const log = options.log ?? (() => undefined);
  if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('WARN') });
  const base = loadConfig();
  const stack = await startLocalStack(base, { mode: 'ephemeral', log });
  const sim = await startSimulatorProcess('bulk-bench.arlo.test');
  try {
    // Spread over the last two years, as a real collection is: a walk can then read several time
    // ranges at once (ARLO_BULK_SEGMENTS); records all stamped "now" would leave it one cursor.
    const spreadStart = Date.now() - 2 * 365 * 86_400_000;
    const stepMs = Math.max(1, Math.floor((Date.now() - 2 * 3_600_000 - spreadStart) / options.records));
    log(`seeding ${options.records} contacts, one every ${stepMs} ms over two years`);
    for (let seeded = 0; seeded < options.records; seeded += 50_000) {
      await sim.control.seed({
        counts: { Contact: Math.min(options.records - seeded, 50_000) },
        lastModified: { mode: 'spaced', at: new Date(spreadStart + seeded * stepMs).toISOString(), stepMs },
      });
    }
    const off = await walkOnce(stack, sim, undefined, log);
    const on = await walkOnce(stack, sim, options.requestsPerMinute, log);
    const ceiling = (options.requestsPerMinute / 60) * 250;
    const cpuFigures = (label: string, walk: WalkFigures): Figure[] =>
      Object.entries(walk.cpuPerThousand).map(([name, value]) => ({
        name: `${label}: CPU per 1,000 records, ${name}`,
        value: value ?? Number.NaN,
        unit: 'ms',
      }));
    return {
      benchmark: 'bulk-walk',
      description: `bulk walk of ${options.records} contacts (250 a page) into the mirror, simulator → worker → MongoDB`,
      figures: [
        { name: 'limit off: throughput', value: off.recordsPerSecond, unit: 'records/s' },
        { name: 'limit off: requests', value: off.requests, unit: 'requests' },
        { name: 'limit on: throughput', value: on.recordsPerSecond, unit: 'records/s' },
        {
          name: 'limit on: share of ceiling',
          value: Math.round((1000 * on.recordsPerSecond) / ceiling) / 10,
          unit: `% of ${ceiling}/s`,
          target: '≥ 90',
        },
        { name: 'limit on: requests', value: on.requests, unit: 'requests' },
        { name: 'limit on: refused by the rate limit', value: on.refused429, unit: 'requests', target: '0' },
        ...cpuFigures('limit off', off),
        ...cpuFigures('limit on', on),
        { name: 'peak RSS (worker)', value: off.peakRssMb, unit: 'MB' },
      ],
      notes: [
        `walks took ${off.seconds} s (limit off) and ${on.seconds} s (limit on), ${off.segments} segments at once (ARLO_BULK_SEGMENTS)`,
        'the second walk writes into an emptied mirror, so both pay the same store cost',
      ],
    };
  } finally {
    await sim.close();
    await stack.stop();
  }
}

async function walkOnce(
  stack: { temporalAddress: string; mongoUri: string },
  sim: SimulatorProcess,
  /** Undefined: no limit anywhere. */
  requestsPerMinute: number | undefined,
  log: (line: string) => void,
): Promise<WalkFigures> {
  const config = benchConfig(stack, sim, requestsPerMinute ?? 1_000_000);
  await sim.control.setKnobs({
    rateLimit: requestsPerMinute === undefined ? null : { requestsPerMinute, retryAfterSeconds: 60 },
  });
  const logger = createLogger('warn', 'bulk-bench');
  const mongo = await connectMongo(stack.mongoUri, config.mongo.database);
  const client = await connectClient(temporalTarget(config));
  const workers = await startWorkers(config, logger, { arloClients: createArloClientFactory(config) });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    await sim.control.resetCounters();
    log(
      `walking ${requestsPerMinute === undefined ? 'with no rate limit' : `at ${requestsPerMinute} requests/minute`}`,
    );
    const processes = walkProcesses(sim);
    const cpuBefore = CpuSample.take(processes);
    const started = Date.now();
    const { handle } = await startBulkWalk(client, config, {
      platform: sim.platform,
      resourceType: 'Contact',
    });
    const result = await handle.result();
    const seconds = (Date.now() - started) / 1000;
    const cpu = CpuSample.take(processes).since(cpuBefore);
    const records = result.counters.received - result.counters.alreadyReturned;
    const counters = await sim.control.counters();
    const perThousand = (ms: number | undefined) =>
      ms === undefined ? undefined : Math.round((ms * 1000) / Math.max(1, records));
    return {
      records,
      seconds: Math.round(seconds * 10) / 10,
      recordsPerSecond: Math.round(records / seconds),
      requests: counters.total,
      refused429: counters.rateLimited,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      segments: config.bulk.segments,
      cpuPerThousand: Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, perThousand(ms)])),
    };
  } finally {
    clearInterval(sampler);
    workers.shutdown();
    await workers.done;
    for (const id of [scheduleIds.catchUp(sim.platform), reconcileScheduleId(sim.platform)]) {
      await client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    }
    await client.connection.close();
    await collections(mongo.db)
      .entities.drop()
      .catch(() => undefined);
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

function benchConfig(
  stack: { temporalAddress: string; mongoUri: string },
  sim: SimulatorProcess,
  requestsPerMinute: number,
): Config {
  const run = randomUUID().slice(0, 8);
  return loadConfig({
    TEMPORAL_ADDRESS: stack.temporalAddress,
    MONGODB_URI: stack.mongoUri,
    MONGODB_DATABASE: `bulk-bench-${run}`,
    ARLO_SYNC_TASK_QUEUE: `bulk-bench-${run}`,
    ARLO_SYNC_ARLO_TASK_QUEUE: `bulk-bench-arlo-${run}`,
    ARLO_BASE_URL: sim.baseUrl,
    ARLO_PLATFORM: sim.platform,
    ARLO_USERNAME: sim.credentials.username,
    ARLO_PASSWORD: sim.credentials.password,
    ARLO_REQUESTS_PER_MINUTE: String(requestsPerMinute),
    ARLO_BULK_SEGMENTS: String(loadConfig().bulk.segments),
    LOG_LEVEL: 'warn',
  });
}

async function main(): Promise<void> {
  const records = wholeNumberArgument('records', 2, 100_000, 1_000_000);
  const write = (line: string) => process.stdout.write(`${line}\n`);
  write(`machine: ${formatMachine(describeMachine())}`);
  write(
    formatResult(
      await benchBulkWalk({ records, requestsPerMinute: loadConfig().arlo.requestsPerMinute, log: write }),
    ),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench bulk-walk: ${String(error)}\n`);
    process.exit(1);
  });
}
