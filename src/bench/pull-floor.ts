/**
 * Benchmark: the pull path beside its floor, in one run on one Temporal server. The floor is a workflow
 * per event started by the real receiver (same workflow type name, ID policies and search attributes)
 * that runs one empty local activity (src/bench/floor-workflow.ts); the pull path is the real worker
 * fetching every event from the Arlo simulator into the mirror. Both are fed by one signed-callback
 * generator posting straight to the receiver (src/bench/callback-generator.ts), with events the
 * simulator's users made, and measured the same way, each path after an uncounted warm-up:
 *  - edit → event workflow completed (mirror written, ledger recorded) p50/p99 at 1 edit/s, first, on
 *    a quiet server;
 *  - acknowledgement p50/p99 at 5 callbacks/s (10 events each);
 *  - end-to-end events/s at rising offered rates until they stop rising, the best being the saturated
 *    throughput;
 *  - history events per event, read from Temporal (each execution's history length, the pull path's
 *    batch workflows included), at 5 callbacks/s and at the highest rate;
 *  - CPU milliseconds per event of each process over the rising-rate steps (this process: the worker
 *    and the callback generator; the receiver, a process of its own as in production; the Temporal dev
 *    server; FerretDB; the simulator, also apart so that Arlo's share is not charged to arlo-sync), so
 *    the gap to the floor is named by a figure.
 *
 *   npm run bench -- --only pull-floor [--seconds 5]
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';

import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

import { createArloClientFactory } from '../../activities';
import { isHandledEventType, type ArloEvent } from '../domain/arlo-event';
import { FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE as BATCH_TYPE } from '../domain/event-fetch';
import { PROCESS_ARLO_EVENT_WORKFLOW_TYPE as EVENT_TYPE } from '../domain/process-event-input';
import { workflowIds } from '../domain/workflow-ids';
import { loadConfig, type Config } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import { createLogger } from '../logger';
import { connectClient, temporalTarget } from '../temporal/connection';
import { scheduleIds } from '../temporal/schedules';
import { startWorkers } from '../worker';
import {
  offerCallbacks,
  percentile,
  postCallback,
  REDELIVERIES,
  type CallbackTarget,
} from './callback-generator';
import { pullBenchEnv } from './pull-bench-config';
import { startReceiverProcess } from './receiver-process';
import { childProcessIds, CpuSample } from './process-cpu';
import { startSimulatorProcess } from './separate-simulator';
import type { BenchmarkResult } from './report';

/** Callbacks per second of the rising load (10 events each); the first also gives the ack figures. */
const RATES = [5, 10, 20, 40] as const;
/** Callbacks of the uncounted first step that warms the path up (JIT, workflow caches, connections). */
const WARM_UP_CALLBACKS = 20;
/** A second saturated step in a row that adds less than this to the best rate so far ends the rising load. */
const STILL_RISING = 1.1;
const EVENTS_PER_CALLBACK = 10;
const DRAIN_TIMEOUT_MS = 300_000;

export interface PathFigures {
  readonly label: string;
  readonly steps: readonly { callbacksPerSecond: number; events: number; eventsPerSecond: number }[];
  readonly saturatedEventsPerSecond: number;
  readonly ackMsAt5: { p50: number; p99: number };
  readonly historyPerEventAt5: number;
  readonly historyPerEventSaturated: number;
  /** The pull path's events per batch workflow (one PlatformEvents query each), saturated. */
  readonly eventsPerBatchSaturated?: number;
  readonly editToDoneMs: { p50: number; p99: number };
  readonly notCompleted: number;
  /** Callbacks the receiver did not accept (a start Temporal did not confirm within the deadline). */
  readonly refusedCallbacks: number;
  /** Callbacks still refused after Arlo's five redeliveries. */
  readonly abandonedCallbacks: number;
  readonly loadAverage: readonly [number, number];
  /** CPU milliseconds per completed event over the rising-rate steps, by process (undefined: not found). */
  readonly cpuMsPerEvent: Readonly<Record<string, number | undefined>>;
  /** The worker's store commands per completed event over the rising-rate steps, by command. */
  readonly storeCommandsPerEvent?: Readonly<Record<string, number>>;
}

interface Phase {
  readonly label: string;
  readonly target: CallbackTarget;
  readonly taskQueue: string;
  /** Where the pull path's batch workflows run (absent for the floor). */
  readonly batchQueue?: string;
}

export async function benchPullFloor(options: {
  seconds: number;
  log?: (line: string) => void;
}): Promise<BenchmarkResult & { ratio: number; floor: PathFigures; pull: PathFigures }> {
  const log = options.log ?? (() => undefined);
  if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startLocalStack(loadConfig(), { mode: 'ephemeral', log });
  // Arlo in a process of its own: its CPU is reported apart, not charged to the bench process.
  const sim = await startSimulatorProcess('bench.arlo.test');
  const key = randomBytes(24);
  const env = pullBenchEnv('pull-floor', stack.temporalAddress, stack.mongoUri, sim, key.toString('base64'));
  const config = loadConfig(env);
  // Refused callbacks are counted in the figures; their log lines would drown the table.
  const logger = createLogger('fatal', 'pull-floor-bench');
  const client = await connectClient(temporalTarget(config));
  const events = simulatorEvents(sim.control);
  try {
    await sim.control.seed({ counts: { Organisation: 50, Contact: 500, Event: 10 } });

    const floorQueue = `${config.temporal.taskQueue}-floor`;
    log('floor: a workflow per event with one empty local activity');
    const connection = await NativeConnection.connect({ address: stack.temporalAddress });
    const floorWorker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: floorQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('./floor-workflow'),
        logger: new DefaultLogger('WARN'),
      }),
      activities: { touchEvent: () => Promise.resolve() },
    });
    const floorRunning = floorWorker.run();
    // The receiver runs as a process of its own, as in production, in both phases alike.
    const floorReceiver = await startReceiverProcess({ ...env, ARLO_SYNC_TASK_QUEUE: floorQueue });
    const processesWith = (receiverPid: number) => ({
      'bench process (worker)': [process.pid],
      receiver: [receiverPid],
      'Temporal server': childProcessIds(/temporal\S* server start-dev/),
      'store (FerretDB)': childProcessIds(/ferretdb/),
      simulator: [sim.pid],
    });
    const floor = await measurePath(
      client,
      { label: 'floor', target: targetOf(floorReceiver.url, config, key), taskQueue: floorQueue },
      events,
      { seconds: options.seconds, processes: processesWith(floorReceiver.pid) },
      log,
    ).finally(async () => {
      await floorReceiver.close();
      floorWorker.shutdown();
      await floorRunning;
      await connection.close();
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
    const receiver = await startReceiverProcess(env);
    const pull = await measurePath(
      client,
      {
        label: 'pull path',
        target: targetOf(receiver.url, config, key),
        taskQueue: config.temporal.taskQueue,
        batchQueue: config.temporal.arloTaskQueue,
      },
      events,
      { seconds: options.seconds, processes: processesWith(receiver.pid), storeCommands },
      log,
    ).finally(async () => {
      await receiver.close();
      workers.shutdown();
      await workers.done;
    });
    return describe(floor, pull);
  } finally {
    await client.schedule
      .getHandle(scheduleIds.catchUp(sim.platform))
      .delete()
      .catch(() => undefined);
    await client.connection.close();
    await sim.close();
    await stack.stop();
  }
}

async function measurePath(
  client: Client,
  phase: Phase,
  events: (count: number) => Promise<ArloEvent[]>,
  {
    seconds,
    processes,
    storeCommands,
  }: {
    seconds: number;
    processes: Readonly<Record<string, readonly number[]>>;
    /** The worker's store commands so far, by command and collection (the floor's worker has none). */
    storeCommands?: ReadonlyMap<string, number>;
  },
  log: (line: string) => void,
): Promise<PathFigures> {
  // Uncounted: the first seconds of a freshly started worker are slower (code still being compiled,
  // caches filling); counted, they made the first step of one run of the same code read 27 events/s
  // and the next 35.
  log(`${phase.label}: warm-up, ${WARM_UP_CALLBACKS} callbacks at 5/s`);
  const warmUpSince = new Date().toISOString();
  const warmUp = await offerCallbacks(
    phase.target,
    chunk(await events(WARM_UP_CALLBACKS * EVENTS_PER_CALLBACK), EVENTS_PER_CALLBACK),
    5,
  );
  await drain(client, phase, warmUpSince, warmUp.events);
  // Before the rising load, not after it: what the server still does for thousands of executions just
  // closed would otherwise land in the latency of a quiet edit (1.1-1.8 s p99 that way, for both paths).
  log(`${phase.label}: edits at 1/s for ${seconds * 2} s`);
  const editToDone = await editsAtOnePerSecond(client, phase, events, seconds * 2);
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const cpuBefore = CpuSample.take(processes);
  const commandsBefore = new Map(storeCommands);
  let completedEvents = 0;
  const steps: PathFigures['steps'][number][] = [];
  let ackMsAt5 = { p50: Number.NaN, p99: Number.NaN };
  let historyPerEventAt5 = Number.NaN;
  let historyPerEventSaturated = Number.NaN;
  let eventsPerBatchSaturated: number | undefined;
  let notCompleted = 0;
  let refusedCallbacks = 0;
  let abandonedCallbacks = 0;
  let previousSaturated = false;
  for (const rate of RATES) {
    const batch = await events(rate * seconds * EVENTS_PER_CALLBACK);
    const callbacks = chunk(batch, EVENTS_PER_CALLBACK);
    log(`${phase.label}: ${callbacks.length} callbacks at ${rate}/s`);
    // This step's executions only: the server stamps StartTime from the same clock, after this moment.
    // (A margin before it counted the previous step's last executions, up to 9 events, into this one.)
    const since = new Date().toISOString();
    const offered = await offerCallbacks(phase.target, callbacks, rate);
    const done = await drain(client, phase, since, offered.events);
    notCompleted += offered.events - done.completed;
    completedEvents += done.completed;
    refusedCallbacks += offered.failures;
    abandonedCallbacks += offered.abandoned;
    const eventsPerSecond = round(done.completed / ((done.lastCloseMs - offered.startedAt) / 1000));
    steps.push({ callbacksPerSecond: rate, events: offered.events, eventsPerSecond });
    log(
      `${phase.label}: ${eventsPerSecond} events/s end to end, ${done.historyPerEvent} history events/event` +
        (done.batches > 0 ? `, ${round(done.completed / done.batches)} events/batch` : ''),
    );
    if (rate === 5) {
      ackMsAt5 = { p50: percentile(offered.ackMs, 0.5), p99: percentile(offered.ackMs, 0.99) };
      historyPerEventAt5 = done.historyPerEvent;
    }
    historyPerEventSaturated = done.historyPerEvent;
    if (done.batches > 0) eventsPerBatchSaturated = round(done.completed / done.batches);
    // Offered well beyond what completes twice in a row, and no longer rising: the machine is saturated,
    // higher rates only queue. (A saturated step that still rose is followed by the next: a short step's
    // tail can hide a few events/s. And one saturated step is not enough: on this shared machine a step
    // can read 10 % below the unsaturated one before it, and ending there understated one floor by 30 %.)
    const bestBefore = Math.max(0, ...steps.slice(0, -1).map((s) => s.eventsPerSecond));
    const saturated = eventsPerSecond < 0.6 * rate * EVENTS_PER_CALLBACK;
    if (saturated && previousSaturated && eventsPerSecond < STILL_RISING * bestBefore) break;
    previousSaturated = saturated;
  }
  const cpu = CpuSample.take(processes).since(cpuBefore);
  const commandsPerEvent = [...(storeCommands ?? new Map<string, number>())]
    .map(
      ([command, count]) =>
        [
          command,
          round((count - (commandsBefore.get(command) ?? 0)) / Math.max(1, completedEvents)),
        ] as const,
    )
    .filter(([, perEvent]) => perEvent > 0)
    .sort(([, a], [, b]) => b - a);
  const cpuMsPerEvent = Object.fromEntries(
    Object.entries(cpu).map(([name, ms]) => [
      name,
      ms === undefined ? undefined : round(ms / Math.max(1, completedEvents)),
    ]),
  );
  return {
    label: phase.label,
    steps,
    saturatedEventsPerSecond: Math.max(...steps.map((s) => s.eventsPerSecond)),
    ackMsAt5,
    historyPerEventAt5,
    historyPerEventSaturated,
    ...(eventsPerBatchSaturated === undefined ? {} : { eventsPerBatchSaturated }),
    editToDoneMs: { p50: percentile(editToDone, 0.5), p99: percentile(editToDone, 0.99) },
    notCompleted,
    refusedCallbacks,
    abandonedCallbacks,
    loadAverage: [loadBefore, loadavg()[0] ?? Number.NaN],
    cpuMsPerEvent,
    ...(storeCommands ? { storeCommandsPerEvent: Object.fromEntries(commandsPerEvent) } : {}),
  };
}

/** One edit a second, its callback posted at once: edit → its event workflow completed, ms. */
async function editsAtOnePerSecond(
  client: Client,
  phase: Phase,
  events: (count: number) => Promise<ArloEvent[]>,
  count: number,
): Promise<number[]> {
  const waits: Promise<number>[] = [];
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const due = started + i * 1000;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const editedAt = Date.now();
    const [event] = await events(1);
    if (!event) continue;
    const accepted = await postCallback(phase.target, [event]).then(
      () => true,
      () => false,
    );
    if (!accepted) continue;
    const handle = client.workflow.getHandle(workflowIds.processEvent(phase.target.platform, event.id));
    waits.push(
      handle.result().then(async () => ((await handle.describe()).closeTime?.getTime() ?? NaN) - editedAt),
    );
  }
  return (await Promise.all(waits)).sort((a, b) => a - b);
}

/** Waits until every event workflow started since `since` has closed; reads their histories' sizes. */
async function drain(client: Client, phase: Phase, since: string, expected: number) {
  const closed = `TaskQueue = '${phase.taskQueue}' AND WorkflowType = '${EVENT_TYPE}' AND StartTime >= '${since}' AND ExecutionStatus != 'Running'`;
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while ((await client.workflow.count(closed)).count < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  let completed = 0;
  let lastCloseMs = 0;
  let historyEvents = 0;
  let batches = 0;
  for await (const execution of client.workflow.list({ query: closed })) {
    if (execution.status.name === 'COMPLETED') completed += 1;
    lastCloseMs = Math.max(lastCloseMs, execution.closeTime?.getTime() ?? 0);
    historyEvents += execution.historyLength;
  }
  if (phase.batchQueue) {
    const batchQuery = `TaskQueue = '${phase.batchQueue}' AND WorkflowType = '${BATCH_TYPE}' AND StartTime >= '${since}'`;
    for await (const execution of client.workflow.list({ query: batchQuery })) {
      historyEvents += execution.historyLength;
      batches += 1;
    }
  }
  return { completed, lastCloseMs, batches, historyPerEvent: round(historyEvents / Math.max(expected, 1)) };
}

/** Events made by the simulator's users, newest first taken, each given out once. */
function simulatorEvents(control: {
  userEdits(count: number): Promise<unknown>;
  events(afterId?: string): Promise<ArloEvent[]>;
}): (count: number) => Promise<ArloEvent[]> {
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

function describe(
  floor: PathFigures,
  pull: PathFigures,
): BenchmarkResult & { ratio: number; cpuRatio: number; floor: PathFigures; pull: PathFigures } {
  const ratio = Math.round((pull.saturatedEventsPerSecond / floor.saturatedEventsPerSecond) * 100) / 100;
  // On a CPU-bound machine saturated throughput tends to the inverse of the CPU an event costs, and that
  // cost moves far less with the other tenants' load than a saturated step does (one floor read 42 and 80
  // events/s in two runs an hour apart; its CPU per event 24 and 29 ms).
  const cpuPerEvent = (p: PathFigures) =>
    round(Object.values(p.cpuMsPerEvent).reduce<number>((sum, ms) => sum + (ms ?? 0), 0));
  const cpuRatio = Math.round((cpuPerEvent(floor) / cpuPerEvent(pull)) * 100) / 100;
  const figuresOf = (p: PathFigures, targets: Record<string, string> = {}) => [
    { name: `${p.label}: saturated throughput`, value: p.saturatedEventsPerSecond, unit: 'events/s' },
    { name: `${p.label}: ack p50 at 5 callbacks/s`, value: p.ackMsAt5.p50, unit: 'ms' },
    { name: `${p.label}: ack p99 at 5 callbacks/s`, value: p.ackMsAt5.p99, unit: 'ms', target: targets.ack },
    {
      name: `${p.label}: history events per event at 5/s`,
      value: p.historyPerEventAt5,
      unit: 'events',
      target: targets.history,
    },
    {
      name: `${p.label}: history events per event saturated`,
      value: p.historyPerEventSaturated,
      unit: 'events',
      target: targets.history,
    },
    ...(p.eventsPerBatchSaturated === undefined
      ? []
      : [
          {
            name: `${p.label}: events per batch workflow saturated`,
            value: p.eventsPerBatchSaturated,
            unit: 'events',
          },
        ]),
    {
      name: `${p.label}: edit → done p50 at 1 edit/s`,
      value: p.editToDoneMs.p50,
      unit: 'ms',
      target: targets.p50,
    },
    {
      name: `${p.label}: edit → done p99 at 1 edit/s`,
      value: p.editToDoneMs.p99,
      unit: 'ms',
      target: targets.p99,
    },
    { name: `${p.label}: events not completed`, value: p.notCompleted, unit: 'events', target: '0' },
    {
      name: `${p.label}: callbacks refused at first delivery (delivered again)`,
      value: p.refusedCallbacks,
      unit: 'callbacks',
    },
    {
      name: `${p.label}: callbacks refused after ${REDELIVERIES} redeliveries`,
      value: p.abandonedCallbacks,
      unit: 'callbacks',
      target: '0',
    },
    ...Object.entries(p.cpuMsPerEvent).map(([process, ms]) => ({
      name: `${p.label}: CPU per event, ${process}`,
      value: ms ?? Number.NaN,
      unit: 'ms',
    })),
    { name: `${p.label}: CPU per event, all processes`, value: cpuPerEvent(p), unit: 'ms' },
    ...(p.storeCommandsPerEvent
      ? [
          {
            name: `${p.label}: worker's store commands per event`,
            value: round(Object.values(p.storeCommandsPerEvent).reduce((sum, n) => sum + n, 0)),
            unit: 'commands',
          },
        ]
      : []),
  ];
  return {
    benchmark: 'pull-floor',
    description:
      `the pull path beside its floor (a workflow per event, one empty local activity) on one server, ` +
      `signed ${EVENTS_PER_CALLBACK}-event callbacks posted straight to the receiver at ${RATES.join(', ')}/s`,
    figures: [
      ...figuresOf(floor),
      ...figuresOf(pull, {
        ack: `≤ ${Math.round(floor.ackMsAt5.p99 * 1.2)} (1.2 × floor)`,
        history: '≤ 9',
        p50: '≤ 300',
        p99: '≤ 1000',
      }),
      { name: 'ratio (pull ÷ floor, saturated throughput)', value: ratio, unit: '', target: '≥ 0.8' },
      { name: 'ratio by CPU per event (floor ÷ pull, all processes)', value: cpuRatio, unit: '' },
    ],
    notes: [
      ...[floor, pull].map(
        (p) =>
          `${p.label}: load average ${p.loadAverage.map((l) => l.toFixed(1)).join(' → ')}; ` +
          p.steps.map((s) => `${s.callbacksPerSecond}/s → ${s.eventsPerSecond} events/s`).join(', '),
      ),
      `pull path: the worker's store commands per event: ` +
        Object.entries(pull.storeCommandsPerEvent ?? {})
          .map(([command, perEvent]) => `${command} ${perEvent}`)
          .join(', '),
    ],
    ratio,
    cpuRatio,
    floor,
    pull,
  };
}

function targetOf(receiverUrl: string, config: Config, key: Buffer): CallbackTarget {
  const platform = config.platforms[0]?.name ?? 'bench.arlo.test';
  return { url: `${receiverUrl}${config.receiver.webhookPath}`, platform, key };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
