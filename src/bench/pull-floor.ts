/**
 * Benchmark: the pull path beside its floor, in one run on one Temporal server. The floor is a workflow
 * per event started by the real receiver (same workflow type name, ID policies and search attributes)
 * that runs one empty local activity (src/bench/floor-workflow.ts); the budget floor adds to it the batch
 * workflows the Temporal-enforced Arlo budget needs, with the pull path's coalescer, and nothing else
 * (src/bench/budget-floor-workflow.ts); the pull path is the real worker fetching every event from the
 * Arlo simulator into the mirror. All three are fed by one signed-callback generator posting straight to
 * the receiver (src/bench/callback-generator.ts), with events the simulator's users made, and measured
 * the same way (src/bench/pull-floor-path.ts), each path after an uncounted warm-up:
 *  - edit → event workflow completed (mirror written, ledger recorded) p50/p99 at 1 edit/s, first, on
 *    a quiet server;
 *  - acknowledgement p50/p99 at 5 callbacks/s (10 events each), over at least 300 callbacks, and at 2
 *    callbacks/s (50 callbacks), below both paths' saturation;
 *  - end-to-end events/s at rising offered rates until they stop rising, the best being the saturated
 *    throughput;
 *  - history events per event, read from Temporal (each execution's history length, the pull path's
 *    batch workflows included), at 5 callbacks/s and at the highest rate;
 *  - CPU milliseconds per event of each process over the rising-rate steps (this process: the worker
 *    and the callback generator; the receiver, a process of its own as in production; the Temporal dev
 *    server; FerretDB; the simulator, also apart so that Arlo's share is not charged to arlo-sync), so
 *    the gap to the floor is named by a figure.
 * The paths run side by side and take turns: at each rate one step of each, the order turning from
 * rate to rate. On this shared machine a minute can be a third slower than the next, and a path
 * measured whole after the other was compared with another minute's machine.
 *
 *   npm run bench -- --only pull-floor [--seconds 5]
 */
import { randomBytes } from 'node:crypto';

import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';

import { createArloClientFactory } from '../../activities';
import { isHandledEventType, type ArloEvent } from '../domain/arlo-event';
import { loadConfig, type Config } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import { createLogger } from '../logger';
import { connectClient, temporalTarget } from '../temporal/connection';
import { scheduleIds } from '../temporal/schedules';
import { startWorkers } from '../worker';
import { runBenchWorker } from './bench-worker';
import { runBudgetFloorWorkers } from './budget-floor';
import type { CallbackTarget } from './callback-generator';
import { pullBenchEnv } from './pull-bench-config';
import { PathMeasurement, type EventSource, type PathUnderTest } from './pull-floor-path';
import { describePullFloor, type PullFloorResult } from './pull-floor-report';
import { startReceiverProcess } from './receiver-process';
import { childProcessIds } from './process-cpu';
import { startSimulatorProcess } from './separate-simulator';

/** Callbacks per second of the rising load (10 events each); the first also gives the ack figures. */
const RATES = [5, 10, 20, 40] as const;

export async function benchPullFloor(options: {
  seconds: number;
  /** Pull-path variables over the benchmark's own (`bench --set`); the floor takes them too. */
  settings?: Readonly<Record<string, string>>;
  log?: (line: string) => void;
}): Promise<PullFloorResult> {
  const log = options.log ?? (() => undefined);
  if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startLocalStack(loadConfig(), { mode: 'ephemeral', log });
  // Arlo in a process of its own: its CPU is reported apart, not charged to the bench process.
  const sim = await startSimulatorProcess('bench.arlo.test');
  const key = randomBytes(24);
  const env = pullBenchEnv(
    'pull-floor',
    stack.temporalAddress,
    stack.mongoUri,
    sim,
    key.toString('base64'),
    options.settings,
  );
  const config = loadConfig(env);
  // Refused callbacks are counted in the figures; their log lines would drown the table.
  const logger = createLogger('fatal', 'pull-floor-bench');
  const client = await connectClient(temporalTarget(config));
  const events = simulatorEvents(sim.control);
  const stops: (() => Promise<void>)[] = [];
  try {
    await sim.control.seed({ counts: { Organisation: 50, Contact: 500, Event: 10 } });
    const processesWith = (receiverPid: number) => ({
      'bench process (worker)': [process.pid],
      receiver: [receiverPid],
      'Temporal server': childProcessIds(/temporal\S* server start-dev/),
      'store (FerretDB)': childProcessIds(/ferretdb/),
      simulator: [sim.pid],
    });
    /** A path's receiver (a process of its own, as in production) and its measurement. */
    const measured = async (path: Omit<PathUnderTest, 'target' | 'processes' | 'temporalMetricsUrl'>) => {
      const receiver = await startReceiverProcess({ ...env, ARLO_SYNC_TASK_QUEUE: path.taskQueue });
      stops.push(() => receiver.close());
      return new PathMeasurement(
        client,
        {
          ...path,
          target: targetOf(receiver.url, config, key),
          processes: processesWith(receiver.pid),
          temporalMetricsUrl: stack.temporalMetricsUrl,
        },
        events,
        log,
      );
    };

    log('floor: a workflow per event with one empty local activity');
    const floorQueue = `${config.temporal.taskQueue}-floor`;
    const connection = await NativeConnection.connect({ address: stack.temporalAddress });
    stops.push(() => connection.close());
    const floorWorker = await runBenchWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: floorQueue,
      workflows: require.resolve('./floor-workflow'),
      activities: { touchEvent: () => Promise.resolve() },
    });
    stops.push(() => floorWorker.stop());
    const floor = await measured({ label: 'floor', taskQueue: floorQueue });

    log("budget floor: the floor with the pull path's batch workflows on a rate-limited queue");
    const budgetQueue = `${config.temporal.taskQueue}-budget-floor`;
    const budgetWorkers = await runBudgetFloorWorkers({ connection, client, config, taskQueue: budgetQueue });
    stops.push(() => budgetWorkers.stop());
    const budgetFloor = await measured({
      label: 'budget floor',
      taskQueue: budgetQueue,
      batchQueue: budgetWorkers.batchQueue,
    });

    log('pull path: the real worker, batches fetched from the simulator');
    const storeCommands = new Map<string, number>();
    const workers = await startWorkers(config, logger, {
      arloClients: createArloClientFactory(config),
      onStoreCommand: ({ name, collection }) => {
        const key = collection === undefined ? name : `${name} ${collection}`;
        storeCommands.set(key, (storeCommands.get(key) ?? 0) + 1);
      },
    });
    stops.push(async () => {
      workers.shutdown();
      await workers.done;
    });
    const pull = await measured({
      label: 'pull path',
      taskQueue: config.temporal.taskQueue,
      batchQueue: config.temporal.arloTaskQueue,
      storeCommands,
    });

    await takeTurns([floor, budgetFloor, pull], options.seconds);
    return describePullFloor(floor.figures(), budgetFloor.figures(), pull.figures(), RATES);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await client.schedule
      .getHandle(scheduleIds.catchUp(sim.platform))
      .delete()
      .catch(() => undefined);
    await client.connection.close();
    await sim.close();
    await stack.stop();
  }
}

/**
 * Warm-ups and quiet edits first, one path after the other (before the rising load, not after it: what
 * the server still does for thousands of executions just closed would otherwise land in the latency of a
 * quiet edit, 1.1-1.8 s p99 that way for both paths); then each rate's step for both paths in turn,
 * until each path's throughput stops rising.
 */
async function takeTurns(paths: readonly PathMeasurement[], seconds: number): Promise<void> {
  for (const path of paths) await path.warmUp();
  for (const path of paths) await path.measureEdits(seconds * 2);
  for (const path of paths) await path.measureQuietAcks();
  for (const [index, rate] of RATES.entries()) {
    const first = index % paths.length;
    const order = [...paths.slice(first), ...paths.slice(0, first)];
    for (const path of order) if (!path.finished) await path.step(rate, seconds);
  }
}

/** Events made by the simulator's users, newest first taken, each given out once. */
function simulatorEvents(control: {
  userEdits(count: number): Promise<unknown>;
  events(afterId?: string): Promise<ArloEvent[]>;
}): EventSource {
  let lastSeen: string | undefined;
  return async (count) => {
    const taken: ArloEvent[] = [];
    while (taken.length < count) {
      await control.userEdits(Math.min(500, count - taken.length));
      const fresh = await control.events(lastSeen);
      if (fresh.length > 0) lastSeen = fresh.at(-1)?.id;
      // Deleted events are not delivered by webhook (the simulator's rule, as Arlo's).
      taken.push(...fresh.filter((e) => isHandledEventType(e.type) && !e.type.endsWith('.Deleted')));
    }
    return taken.slice(0, count);
  };
}

function targetOf(receiverUrl: string, config: Config, key: Buffer): CallbackTarget {
  const platform = config.platforms[0]?.name ?? 'bench.arlo.test';
  return { url: `${receiverUrl}${config.receiver.webhookPath}`, platform, key };
}
