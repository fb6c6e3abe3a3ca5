/**
 * One path of `bench --only pull-floor` (the floor, or the pull path), measured in parts that the
 * benchmark interleaves with the other path's (src/bench/pull-floor.ts): an uncounted warm-up, edits at
 * 1/s, and one step of the rising load at a time. Every figure of a path is summed over its own steps
 * only (its events, its processes' CPU between its step's start and its last event's close), so the
 * two paths can take turns within the same minutes on one server.
 */
import { availableParallelism, loadavg } from 'node:os';

import type { Client } from '@temporalio/client';

import type { ArloEvent } from '../domain/arlo-event';
import { FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE as BATCH_TYPE } from '../domain/event-fetch';
import { PROCESS_ARLO_EVENT_WORKFLOW_TYPE as EVENT_TYPE } from '../domain/process-event-input';
import { workflowIds } from '../domain/workflow-ids';
import { offerCallbacks, percentile, postCallback, type CallbackTarget } from './callback-generator';
import { CpuSample } from './process-cpu';
import { roundTo } from './report';
import { persistenceBetween, readPersistence, type PersistenceFigures } from './temporal-persistence';

export const EVENTS_PER_CALLBACK = 10;
/** Callbacks of the uncounted first step that warms the path up (JIT, workflow caches, connections). */
const WARM_UP_CALLBACKS = 20;
/**
 * The rate whose step gives the acknowledgement figures, and the least acknowledgements it collects: the
 * p99 of 100 is their second slowest, and runs of the same code read it 63-89 ms for the floor and
 * 89-171 ms for the pull path (2026-12-07); of 300 it is the fourth slowest.
 */
export const ACK_RATE = 5;
export const ACK_CALLBACKS = 300;
/**
 * A rate well below both paths' saturation on the two-core reference machine (20 events/s against 40-66),
 * whose acknowledgements show the receiver's own cost: at `ACK_RATE` (50 events/s) the pull path is at
 * or past what the machine gives it, and its acknowledgements also wait behind its processing.
 */
export const QUIET_ACK_RATE = 2;
const QUIET_ACK_CALLBACKS = 50;
/** A second saturated step in a row that adds less than this to the best rate so far ends the rising load. */
const STILL_RISING = 1.1;
const DRAIN_TIMEOUT_MS = 300_000;
/**
 * The longest history of an event workflow that ran its one workflow task once (7: started, the task's
 * three events, the local activity's marker, the outcome's upsert, completed). A longer one was
 * heartbeated or timed out, and its history is read to tell which.
 */
const ONE_TASK_HISTORY_LENGTH = 7;

export interface PathFigures {
  readonly label: string;
  readonly steps: readonly {
    callbacksPerSecond: number;
    events: number;
    eventsPerSecond: number;
    /**
     * The share of the machine's cores the path's processes (the simulator's too) used over the step,
     * offer to drain: near 1 a saturated step was bound by the CPU, well below it by a wait.
     */
    cpuBusy: number;
  }[];
  readonly saturatedEventsPerSecond: number;
  readonly ackMsAt5: { p50: number; p99: number; callbacks: number };
  /** The same at `QUIET_ACK_RATE`, below saturation (not part of the rising load's figures). */
  readonly ackMsQuiet: { p50: number; p99: number; callbacks: number };
  readonly historyPerEventAt5: number;
  readonly historyPerEventSaturated: number;
  /** The Temporal server's persistence calls over the step at `ACK_RATE` (./temporal-persistence.ts). */
  readonly persistenceAt5?: PersistenceFigures;
  /**
   * Event workflows' tasks that timed out on the server over the rising-rate steps (read from their
   * histories): the worker had taken them and did not finish them within the workflow task timeout.
   * Each counts once: Temporal records a task's first timeout, not those of its retries.
   */
  readonly workflowTasksTimedOut: number;
  /** The pull path's events per batch workflow (one PlatformEvents query each), saturated. */
  readonly eventsPerBatchSaturated?: number;
  readonly editToDoneMs: { p50: number; p99: number };
  readonly notCompleted: number;
  /** Callbacks the receiver did not accept (a start Temporal did not confirm within the deadline). */
  readonly refusedCallbacks: number;
  /** Callbacks still refused after Arlo's five redeliveries. */
  readonly abandonedCallbacks: number;
  /** The 1-minute load average before the path's first step and after its last. */
  readonly loadAverage: readonly [number, number];
  /** CPU milliseconds per completed event over the rising-rate steps, by process (undefined: not found). */
  readonly cpuMsPerEvent: Readonly<Record<string, number | undefined>>;
  /** The worker's store commands per completed event over the rising-rate steps, by command. */
  readonly storeCommandsPerEvent?: Readonly<Record<string, number>>;
}

export interface PathUnderTest {
  readonly label: string;
  readonly target: CallbackTarget;
  readonly taskQueue: string;
  /** Where the pull path's batch workflows run (absent for the floor). */
  readonly batchQueue?: string;
  /** The processes whose CPU this path is charged, by name. */
  readonly processes: Readonly<Record<string, readonly number[]>>;
  /** The worker's store commands so far, by command and collection (the floor's worker has none). */
  readonly storeCommands?: ReadonlyMap<string, number>;
  /** The embedded Temporal server's Prometheus metrics, for its persistence calls. */
  readonly temporalMetricsUrl?: string;
}

/** Hands out events the simulator's users made, each once; shared by both paths. */
export type EventSource = (count: number) => Promise<ArloEvent[]>;

export class PathMeasurement {
  private readonly steps: PathFigures['steps'][number][] = [];
  private readonly cpuMs = new Map<string, number | undefined>();
  private readonly commands = new Map<string, number>();
  private completedEvents = 0;
  private editToDone: readonly number[] = [];
  private ack = { p50: Number.NaN, p99: Number.NaN, callbacks: 0 };
  private quietAck = { p50: Number.NaN, p99: Number.NaN, callbacks: 0 };
  private historyPerEventAt5 = Number.NaN;
  private historyPerEventSaturated = Number.NaN;
  private persistenceAt5: PersistenceFigures | undefined;
  private eventsPerBatchSaturated: number | undefined;
  private workflowTasksTimedOut = 0;
  private notCompleted = 0;
  private refusedCallbacks = 0;
  private abandonedCallbacks = 0;
  private previousSaturated = false;
  private loadBefore: number | undefined;
  private loadAfter = Number.NaN;
  private stoppedRising = false;

  constructor(
    private readonly client: Client,
    private readonly path: PathUnderTest,
    private readonly events: EventSource,
    private readonly log: (line: string) => void,
  ) {}

  get label(): string {
    return this.path.label;
  }

  /** The rising load has stopped rising for this path: higher rates would only queue. */
  get finished(): boolean {
    return this.stoppedRising;
  }

  /**
   * Uncounted: the first seconds of a freshly started worker are slower (code still being compiled,
   * caches filling); counted, they made the first step of one run of the same code read 27 events/s and
   * the next 35.
   */
  async warmUp(): Promise<void> {
    this.log(`${this.label}: warm-up, ${WARM_UP_CALLBACKS} callbacks at 5/s`);
    await this.offerDrained(WARM_UP_CALLBACKS, 5);
  }

  /** One edit a second, its callback posted at once: edit → its event workflow completed. */
  async measureEdits(count: number): Promise<void> {
    this.log(`${this.label}: edits at 1/s for ${count} s`);
    const waits: Promise<number>[] = [];
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      const due = started + i * 1000;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const editedAt = Date.now();
      const [event] = await this.events(1);
      if (!event) continue;
      const accepted = await postCallback(this.path.target, [event]).then(
        () => true,
        () => false,
      );
      if (!accepted) continue;
      const handle = this.client.workflow.getHandle(
        workflowIds.processEvent(this.path.target.platform, event.id),
      );
      waits.push(
        handle.result().then(async () => ((await handle.describe()).closeTime?.getTime() ?? NaN) - editedAt),
      );
    }
    this.editToDone = (await Promise.all(waits)).sort((a, b) => a - b);
  }

  /** Acknowledgements at `QUIET_ACK_RATE`, in one burst drained after it; nothing else is counted. */
  async measureQuietAcks(): Promise<void> {
    this.log(`${this.label}: ${QUIET_ACK_CALLBACKS} callbacks at ${QUIET_ACK_RATE}/s`);
    const { offered } = await this.offerDrained(QUIET_ACK_CALLBACKS, QUIET_ACK_RATE);
    this.quietAck = ackFigures(offered.ackMs);
  }

  /** `callbacks` fresh callbacks offered at `rate` a second, then drained: this burst's executions only. */
  private async offerDrained(callbacks: number, rate: number) {
    const batches = chunk(await this.events(callbacks * EVENTS_PER_CALLBACK), EVENTS_PER_CALLBACK);
    // The server stamps StartTime from the same clock, after this moment. (A margin before it counted the
    // previous step's last executions, up to 9 events, into this one.)
    const since = new Date().toISOString();
    const offered = await offerCallbacks(this.path.target, batches, rate);
    return { offered, drained: await this.drain(since, offered.events) };
  }

  /**
   * One step of the rising load: `rate` callbacks a second for `seconds`, drained and counted. At the
   * acknowledgement rate the step is made of as many such bursts as give `ACK_CALLBACKS` acknowledgements,
   * each drained before the next: more samples for a p99 (of a single 5 s burst's 25 it is the maximum),
   * under the same load, where one longer burst would measure a path that cannot keep up at that rate
   * behind a backlog growing for as long as it lasted.
   */
  async step(rate: number, seconds: number): Promise<void> {
    const perBurst = rate * seconds;
    const bursts = rate === ACK_RATE ? Math.ceil(ACK_CALLBACKS / perBurst) : 1;
    this.loadBefore ??= loadavg()[0] ?? Number.NaN;
    this.log(`${this.label}: ${bursts} × ${perBurst} callbacks at ${rate}/s`);
    // The server's counters are read outside the measured span: rendering its metrics costs it CPU too.
    const metricsUrl = rate === ACK_RATE ? this.path.temporalMetricsUrl : undefined;
    const persistenceBefore = metricsUrl === undefined ? undefined : await readPersistence(metricsUrl);
    const cpuBefore = CpuSample.take(this.path.processes);
    const wallBefore = performance.now();
    const commandsBefore = new Map(this.path.storeCommands);
    const step = await this.offerBursts(rate, perBurst, bursts);
    const cpu = CpuSample.take(this.path.processes).since(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    const cpuBusy = busyShare(cpu, wallMs);
    const persistenceAfter = metricsUrl === undefined ? undefined : await readPersistence(metricsUrl);
    const persistence =
      persistenceBefore && persistenceAfter
        ? persistenceBetween(persistenceBefore, persistenceAfter, step.completed, wallMs)
        : undefined;
    this.add(cpu, commandsBefore);
    this.loadAfter = loadavg()[0] ?? Number.NaN;
    this.notCompleted += step.offered - step.completed;
    this.completedEvents += step.completed;
    this.workflowTasksTimedOut += step.workflowTasksTimedOut;
    const eventsPerSecond = roundTo(step.completed / (step.ms / 1000), 1);
    const historyPerEvent = roundTo(step.historyEvents / Math.max(step.offered, 1), 1);
    this.steps.push({ callbacksPerSecond: rate, events: step.offered, eventsPerSecond, cpuBusy });
    this.log(
      `${this.label}: ${eventsPerSecond} events/s end to end, ${historyPerEvent} history events/event, ` +
        `CPU ${Math.round(cpuBusy * 100)} % of ${availableParallelism()} cores` +
        (step.batches > 0 ? `, ${roundTo(step.completed / step.batches, 1)} events/batch` : ''),
    );
    if (rate === ACK_RATE) {
      this.ack = ackFigures(step.ackMs);
      this.historyPerEventAt5 = historyPerEvent;
      this.persistenceAt5 = persistence;
    }
    this.historyPerEventSaturated = historyPerEvent;
    if (step.batches > 0) this.eventsPerBatchSaturated = roundTo(step.completed / step.batches, 1);
    // Offered well beyond what completes twice in a row, and no longer rising: the machine is saturated,
    // higher rates only queue. (A saturated step that still rose is followed by the next: a short step's
    // tail can hide a few events/s. And one saturated step is not enough: on this shared machine a step
    // can read 10 % below the unsaturated one before it, and ending there understated one floor by 30 %.)
    const bestBefore = Math.max(0, ...this.steps.slice(0, -1).map((s) => s.eventsPerSecond));
    const saturated = eventsPerSecond < 0.6 * rate * EVENTS_PER_CALLBACK;
    if (saturated && this.previousSaturated && eventsPerSecond < STILL_RISING * bestBefore) {
      this.stoppedRising = true;
    }
    this.previousSaturated = saturated;
  }

  /** `bursts` times: `perBurst` callbacks at `rate`, drained; the sums of all of them. */
  private async offerBursts(rate: number, perBurst: number, bursts: number) {
    const sums = {
      offered: 0,
      completed: 0,
      ms: 0,
      historyEvents: 0,
      batches: 0,
      workflowTasksTimedOut: 0,
      ackMs: [] as number[],
    };
    for (let burst = 0; burst < bursts; burst++) {
      const { offered, drained } = await this.offerDrained(perBurst, rate);
      sums.ackMs.push(...offered.ackMs);
      sums.offered += offered.events;
      sums.completed += drained.completed;
      sums.ms += drained.lastCloseMs - offered.startedAt;
      sums.historyEvents += drained.historyEvents;
      sums.batches += drained.batches;
      sums.workflowTasksTimedOut += drained.workflowTasksTimedOut;
      this.refusedCallbacks += offered.failures;
      this.abandonedCallbacks += offered.abandoned;
    }
    return sums;
  }

  figures(): PathFigures {
    const perEvent = (count: number) => roundTo(count / Math.max(1, this.completedEvents), 1);
    const commandsPerEvent = [...this.commands]
      .map(([command, count]) => [command, perEvent(count)] as const)
      .filter(([, n]) => n > 0)
      .sort(([, a], [, b]) => b - a);
    return {
      label: this.label,
      steps: this.steps,
      saturatedEventsPerSecond: Math.max(...this.steps.map((s) => s.eventsPerSecond)),
      ackMsAt5: this.ack,
      ackMsQuiet: this.quietAck,
      historyPerEventAt5: this.historyPerEventAt5,
      historyPerEventSaturated: this.historyPerEventSaturated,
      ...(this.persistenceAt5 === undefined ? {} : { persistenceAt5: this.persistenceAt5 }),
      workflowTasksTimedOut: this.workflowTasksTimedOut,
      ...(this.eventsPerBatchSaturated === undefined
        ? {}
        : { eventsPerBatchSaturated: this.eventsPerBatchSaturated }),
      editToDoneMs: { p50: percentile(this.editToDone, 0.5), p99: percentile(this.editToDone, 0.99) },
      notCompleted: this.notCompleted,
      refusedCallbacks: this.refusedCallbacks,
      abandonedCallbacks: this.abandonedCallbacks,
      loadAverage: [this.loadBefore ?? Number.NaN, this.loadAfter],
      cpuMsPerEvent: Object.fromEntries(
        [...this.cpuMs].map(([name, ms]) => [name, ms === undefined ? undefined : perEvent(ms)]),
      ),
      ...(this.path.storeCommands ? { storeCommandsPerEvent: Object.fromEntries(commandsPerEvent) } : {}),
    };
  }

  /** Adds one step's CPU and store commands to the path's totals (a process once not found stays so). */
  private add(cpu: Record<string, number | undefined>, commandsBefore: ReadonlyMap<string, number>): void {
    for (const [name, ms] of Object.entries(cpu)) {
      const sum = this.cpuMs.has(name) ? this.cpuMs.get(name) : 0;
      this.cpuMs.set(name, sum === undefined || ms === undefined ? undefined : sum + ms);
    }
    for (const [command, count] of this.path.storeCommands ?? []) {
      const added = count - (commandsBefore.get(command) ?? 0);
      this.commands.set(command, (this.commands.get(command) ?? 0) + added);
    }
  }

  /** Waits until every event workflow started since `since` has closed; reads their histories' sizes. */
  private async drain(since: string, expected: number) {
    const { taskQueue, batchQueue } = this.path;
    const closed = `TaskQueue = '${taskQueue}' AND WorkflowType = '${EVENT_TYPE}' AND StartTime >= '${since}' AND ExecutionStatus != 'Running'`;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while ((await this.client.workflow.count(closed)).count < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    let completed = 0;
    let lastCloseMs = 0;
    let historyEvents = 0;
    let batches = 0;
    const longer: { workflowId: string; runId: string }[] = [];
    for await (const execution of this.client.workflow.list({ query: closed })) {
      if (execution.status.name === 'COMPLETED') completed += 1;
      lastCloseMs = Math.max(lastCloseMs, execution.closeTime?.getTime() ?? 0);
      historyEvents += execution.historyLength;
      if (execution.historyLength > ONE_TASK_HISTORY_LENGTH) longer.push(execution);
    }
    const workflowTasksTimedOut = await this.countTimedOutTasks(longer);
    if (batchQueue) {
      const batchQuery = `TaskQueue = '${batchQueue}' AND WorkflowType = '${BATCH_TYPE}' AND StartTime >= '${since}'`;
      for await (const execution of this.client.workflow.list({ query: batchQuery })) {
        historyEvents += execution.historyLength;
        batches += 1;
      }
    }
    return { completed, lastCloseMs, batches, historyEvents, workflowTasksTimedOut };
  }

  /** Workflow tasks that timed out in these executions' histories. */
  private async countTimedOutTasks(executions: readonly { workflowId: string; runId: string }[]) {
    let timedOut = 0;
    for (const { workflowId, runId } of executions) {
      const history = await this.client.workflow.getHandle(workflowId, runId).fetchHistory();
      timedOut += (history.events ?? []).filter((e) => e.workflowTaskTimedOutEventAttributes).length;
    }
    return timedOut;
  }
}

/** The share of the machine's cores that `cpuMs` (by process) used over `wallMs`. */
function busyShare(cpuMs: Record<string, number | undefined>, wallMs: number): number {
  const usedMs = Object.values(cpuMs).reduce<number>((sum, ms) => sum + (ms ?? 0), 0);
  return roundTo(usedMs / (wallMs * availableParallelism()), 2);
}

function ackFigures(ackMs: readonly number[]): { p50: number; p99: number; callbacks: number } {
  const sorted = [...ackMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), callbacks: sorted.length };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
