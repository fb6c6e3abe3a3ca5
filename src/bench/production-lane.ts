/**
 * Benchmark: the pull path's throughput on the production lane, with one worker process and with two, side
 * by side in one run, so the "run more workers" claim has a figure. One lane (PostgreSQL, the Temporal
 * server with 4 history shards, FerretDB on PostgreSQL); per phase a stack of its own on it (its own
 * simulated platform, database and task queues): two receivers behind the proxy and N workers, all
 * compiled child processes. Arlo users edit records above what the lane absorbs; the figure is events
 * from the first edit to the last ledger row. Arlo's 300 requests/minute stay enforced (the batched pull
 * path needs far fewer), so a budget broken shows as 429s.
 *
 *   npm run bench -- --only production-lane --seconds 10
 */
import type { Client } from '@temporalio/client';

import { seedPlatform } from '../chaos/arlo-workload';
import { startChaosStack, type ChaosStack } from '../chaos/chaos-stack';
import { startProductionLane, type ProductionLane } from '../devstack/production-lane/production-lane';
import { isHandledEventType } from '../domain/arlo-event';
import { collections } from '../store/collections';
import { connectMongo } from '../store/mongo';
import { connectClient, temporalTarget } from '../temporal/connection';
import { workerPollers } from '../temporal/worker-pollers';
import type { BenchmarkResult } from './report';

export interface ProductionLaneBenchOptions {
  readonly toolsDir: string;
  readonly editsPerSecond: number;
  readonly durationSeconds: number;
  readonly log: (line: string) => void;
}

interface LanePhase {
  readonly workers: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly unprocessed: number;
  readonly rateLimited: number;
}

const WORKER_COUNTS = [1, 2] as const;
const SEED_RECORDS = 200;
const SETTLE_MS = 5 * 60_000;
const TICK_MS = 250;

export async function benchProductionLane(options: ProductionLaneBenchOptions): Promise<BenchmarkResult> {
  const lane = await startProductionLane({
    toolsDir: options.toolsDir,
    namespace: 'default',
    log: options.log,
  });
  const phases: LanePhase[] = [];
  try {
    for (const workers of WORKER_COUNTS) phases.push(await runPhase(lane, workers, options));
  } finally {
    await lane.close();
  }
  const gain = (phases[1]?.eventsPerSecond ?? 0) / Math.max(phases[0]?.eventsPerSecond ?? 0, 0.001);
  return {
    benchmark: 'production-lane',
    description:
      `pull path on the production lane (Temporal server on PostgreSQL, 4 shards; FerretDB on PostgreSQL; ` +
      `2 receivers): Arlo-user edits at ${options.editsPerSecond}/s for ${options.durationSeconds} s, ` +
      `with ${WORKER_COUNTS.join(' and then ')} worker processes`,
    figures: [
      ...phases.flatMap((p) => [
        { name: `${p.workers} worker(s): throughput`, value: p.eventsPerSecond, unit: 'events/s' },
        { name: `${p.workers} worker(s): events synchronised`, value: p.events, unit: 'events' },
        { name: `${p.workers} worker(s): not processed`, value: p.unprocessed, unit: 'events', target: '0' },
        {
          name: `${p.workers} worker(s): 429s of the budget`,
          value: p.rateLimited,
          unit: 'answers',
          target: '0',
        },
      ]),
      { name: 'two workers against one', value: Math.round(gain * 100) / 100, unit: '×' },
    ],
    notes: [
      'every process of the lane and the load generator share this machine: on two cores a second worker ' +
        'adds pollers, not CPU',
      'the workers and receivers are child processes here: the peak RSS below is the simulator and the load',
    ],
  };
}

async function runPhase(
  lane: ProductionLane,
  workers: number,
  options: ProductionLaneBenchOptions,
): Promise<LanePhase> {
  const log = (line: string) => options.log(`[${workers} worker(s)] ${line}`);
  const stack = await startChaosStack({
    seed: workers,
    toolsDir: options.toolsDir,
    log,
    lane: 'production',
    servers: lane,
    platform: `bench-${workers}.arlo.test`,
    workers,
    receivers: 2,
    arloRequestsPerMinute: 300,
    childEnv: {
      MONGODB_DATABASE: `arlo_sync_bench_${workers}`,
      ARLO_SYNC_TASK_QUEUE: `arlo-sync-bench-${workers}`,
      ARLO_SYNC_ARLO_TASK_QUEUE: `arlo-sync-bench-${workers}-arlo-api`,
    },
  });
  const client = await connectClient(temporalTarget(stack.config));
  const mongo = await connectMongo(stack.config.mongo.uri ?? '', stack.config.mongo.database);
  try {
    await waitForPollers(client, stack, workers);
    await seedPlatform(stack.sim.control, SEED_RECORDS);
    const control = stack.sim.control;
    const firstEventId = BigInt((await control.state()).nextEventId);
    const started = Date.now();
    log(`editing at ${options.editsPerSecond}/s for ${options.durationSeconds} s`);
    await edit(stack, options.editsPerSecond, options.durationSeconds);
    await control.waitForWebhooksIdle(SETTLE_MS);
    // Deleted events are not delivered by webhook (the catch-up schedule finds them, minutes later).
    const handled = (await control.events()).filter(
      (e) => isHandledEventType(e.type) && !e.type.endsWith('.Deleted') && BigInt(e.id) >= firstEventId,
    );
    const { processedEvents } = collections(mongo.db);
    const deadline = Date.now() + SETTLE_MS;
    let ledgered = 0;
    for (;;) {
      ledgered = await processedEvents.countDocuments({ platform: stack.sim.platform });
      if (ledgered >= handled.length || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const last = await processedEvents.findOne(
      { platform: stack.sim.platform },
      { sort: { processedAt: -1 }, projection: { processedAt: 1 } },
    );
    const seconds = ((last?.processedAt.getTime() ?? Date.now()) - started) / 1000;
    const phase: LanePhase = {
      workers,
      events: ledgered,
      eventsPerSecond: Math.round((ledgered / Math.max(seconds, 0.001)) * 10) / 10,
      unprocessed: Math.max(handled.length - ledgered, 0),
      rateLimited: (await control.counters()).rateLimited,
    };
    log(`${phase.events} events in ${seconds.toFixed(1)} s: ${phase.eventsPerSecond} events/s`);
    return phase;
  } finally {
    await client.connection.close();
    await mongo.close();
    await stack.close();
  }
}

/** Steady Arlo-user edits (each one or a few events) for the duration. */
async function edit(stack: ChaosStack, perSecond: number, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  let owed = 0;
  while (Date.now() < end) {
    owed += (perSecond * TICK_MS) / 1000;
    const count = Math.floor(owed);
    if (count > 0) {
      owed -= count;
      await stack.sim.control.userEdits(count);
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}

/** The phase starts once every worker polls both task queues (a worker takes a while to bundle). */
async function waitForPollers(client: Client, stack: ChaosStack, workers: number): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const pollers = await workerPollers(client, stack.config.temporal);
    const short = pollers.findIndex((identities) => identities.size < workers);
    if (short === -1) return;
    if (Date.now() > deadline) {
      const { taskQueue, arloTaskQueue } = stack.config.temporal;
      throw new Error(
        `${workers} worker(s) did not poll ${short === 0 ? taskQueue : arloTaskQueue} within 5 minutes`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
