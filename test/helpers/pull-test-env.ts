/**
 * A pull-path environment on the harness's real Temporal and MongoDB: both workers (main queue with the
 * workflows, and the rate-limited Arlo queue) on unique task queues, real activities on a unique
 * database, and a fake Arlo per test. Each test uses its own platform name, so batchers never mix.
 */
import { setMaxListeners } from 'node:events';

import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

import { createActivities, createArloActivities, type PlatformEventsSource } from '../../activities';
import { loadConfig, type Config } from '../../src/config';
import type { ArloEvent } from '../../src/domain/arlo-event';
import { BatchOutcomeHandoff } from '../../src/domain/batch-outcome-handoff';
import type { CallbackOfEvent } from '../../src/domain/callback-arrivals';
import type { RecordedEventOutcome } from '../../src/domain/event-fetch';
import type { ProcessArloEventInput } from '../../src/domain/process-event-input';
import type { ProcessArloEventResult } from '../../src/domain/process-event-result';
import { workflowIds } from '../../src/domain/workflow-ids';
import { createLogger } from '../../src/logger';
import { ensureIndexes } from '../../src/store/indexes';
import type { MongoConnection } from '../../src/store/mongo';
import { processEventStartOptions, startProcessEventWorkflow } from '../../src/temporal/process-event-start';
import { arloActivitiesPerSecond, MAIN_QUEUE_TASKS_PER_WORKER } from '../../src/temporal/task-queues';
import './quiet-runtime';
import { testClient, testMongo, testWorker, uniqueName } from './test-stack';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflows bundled once per test file (bundling takes seconds; workers reuse it). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
  return bundle;
}

export interface PullTestStack {
  readonly client: Client;
  readonly mongo: MongoConnection;
  close(): Promise<void>;
}

export async function openPullTestStack(): Promise<PullTestStack> {
  const client = await testClient();
  const mongo = await testMongo();
  await ensureIndexes(mongo.db);
  return {
    client,
    mongo,
    async close() {
      await mongo.db.dropDatabase();
      await mongo.close();
      await client.connection.close();
    },
  };
}

/** A batch-outcome handoff that counts what it was handed. */
export class CountingHandoff extends BatchOutcomeHandoff<RecordedEventOutcome> {
  handedOver = 0;
  refused = 0;
  override handOver(batchId: string, outcomes: readonly RecordedEventOutcome[]): boolean {
    const taken = super.handOver(batchId, outcomes);
    if (taken) this.handedOver += 1;
    else this.refused += 1;
    return taken;
  }
}

export interface PullTestEnv {
  readonly config: Config;
  readonly platform: string;
  /**
   * The batch-outcome handoffs of the main worker's and the Arlo worker's activities: one object, as in
   * the real worker process, unless the env was made with `arloWorkerApart`.
   */
  readonly handoffs: { readonly main: CountingHandoff; readonly arlo: CountingHandoff };
  /** The main worker's activities (one instance: the worker's coalescer is this one's). */
  readonly activities: ReturnType<typeof createActivities>;
  /** Runs both workers until `fn` settles. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Starts the per-event workflow exactly as the receiver does (with the callback, when given). */
  start(event: ArloEvent, callback?: CallbackOfEvent): Promise<'started' | 'already-known'>;
  /** Starts the per-event workflow type of the batcher design, as executions open at an upgrade were. */
  startViaBatcher(event: ArloEvent): Promise<unknown>;
  result(eventId: string): Promise<ProcessArloEventResult>;
  workflowId(eventId: string): string;
}

export function pullTestEnv(
  stack: PullTestStack,
  arlo: PlatformEventsSource,
  env: Record<string, string> = {},
  /** Whether the Arlo worker behaves as if in another process (its batches' outcomes come by long poll). */
  { arloWorkerApart = false }: { arloWorkerApart?: boolean } = {},
): PullTestEnv {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ARLO_SYNC_TASK_QUEUE: uniqueName('pull'),
    ARLO_SYNC_ARLO_TASK_QUEUE: uniqueName('pull-arlo'),
    // One fetch-batcher generation for the whole test (tests that start a batcher themselves must find
    // the one their events ask); generations are tested on their own.
    ARLO_FETCH_BATCHER_WINDOW_SECONDS: String(10 * 365 * 86_400),
    ...env,
  });
  const platform = `${uniqueName('platform')}.arlo.test`;
  // As the real worker does at shutdown: what still waits for a batch stops waiting once the test's
  // work is done, so no call is left pending when the test closes its connection.
  const stopping = new AbortController();
  // Every batch in flight listens on it until its wait ends (runBatchWorkflow removes its listener), up
  // to 8 a platform: more than Node's default of 10 at once is normal, not a leak.
  setMaxListeners(0, stopping.signal);
  const deps = {
    config,
    db: stack.mongo.db,
    logger: createLogger(config.logLevel, 'pull-test'),
    client: stack.client,
    arloClients: () => arlo,
    shuttingDown: stopping.signal,
  };
  const mainHandoff = new CountingHandoff();
  const handoffs = { main: mainHandoff, arlo: arloWorkerApart ? new CountingHandoff() : mainHandoff };
  const activities = createActivities({ ...deps, batchOutcomes: handoffs.main });
  return {
    config,
    platform,
    handoffs,
    activities,
    async run(fn) {
      const main = await testWorker({
        taskQueue: config.temporal.taskQueue,
        workflowBundle: await workflowBundle(),
        activities,
        maxConcurrentWorkflowTaskExecutions: MAIN_QUEUE_TASKS_PER_WORKER,
        maxConcurrentLocalActivityExecutions: MAIN_QUEUE_TASKS_PER_WORKER,
      });
      const arloWorker = await testWorker({
        taskQueue: config.temporal.arloTaskQueue,
        workflowBundle: await workflowBundle(),
        activities: createArloActivities({ ...deps, batchOutcomes: handoffs.arlo }),
        maxTaskQueueActivitiesPerSecond: arloActivitiesPerSecond(config),
      });
      const work = fn().finally(() => stopping.abort());
      const [result] = await Promise.all([main.runUntil(work), arloWorker.runUntil(work)]);
      return result;
    },
    start: (event, callback) =>
      startProcessEventWorkflow(stack.client, config.temporal.taskQueue, {
        platform,
        event,
        receivedAt: new Date().toISOString(),
        ...(callback === undefined ? {} : { callback }),
      } satisfies ProcessArloEventInput),
    startViaBatcher: (event) =>
      stack.client.workflow.start('processArloEvent', {
        ...processEventStartOptions(config.temporal.taskQueue, {
          platform,
          event,
          receivedAt: new Date().toISOString(),
        }),
      }),
    result: (eventId) =>
      stack.client.workflow
        .getHandle(workflowIds.processEvent(platform, eventId))
        .result() as Promise<ProcessArloEventResult>,
    workflowId: (eventId) => workflowIds.processEvent(platform, eventId),
  };
}

export function webhookEvent(id: string, resourceId: string, type = 'Contact.Updated'): ArloEvent {
  const [resourceType = 'Contact'] = type.split('.');
  return { id, type, resourceType, resourceId, dateTime: '2024-01-01T00:00:00.1234567Z' };
}
