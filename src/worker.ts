/**
 * The worker process: polls the main task queue (workflows + non-Arlo activities) and the Arlo task
 * queue (rate-limited, one Arlo request per activity). Stateless: run as many as you like.
 */
import { setMaxListeners } from 'node:events';

import { Runtime, Worker } from '@temporalio/worker';
import { collectDefaultMetrics } from 'prom-client';

import { createActivities, createArloActivities, type ArloClientFactory } from '../activities';
import { createArloPlatforms } from '../activities/arlo-clients';
import { createBulkArloActivities, type CollectionSourceFactory } from '../activities/bulk';
import { createFeedActivities } from '../activities/feed';
import { createPushActivities, createPushArloActivities } from '../activities/push';
import { newestPlatformEventId } from './arlo';
import { ConfigError, loadConfig, type Config } from './config';
import { BatchOutcomeHandoff } from './domain/batch-outcome-handoff';
import type { RecordedEventOutcome } from './domain/event-fetch';
import { describeEventIdRegression, eventIdRegressionFix } from './domain/event-id-continuity';
import { createLogger, type Logger } from './logger';
import { onShutdownSignals } from './shutdown-signals';
import { startMetricsServer, type RunningMetricsServer } from './http/metrics-server';
import { recordStoreClientReopen, workerRegistry } from './metrics/worker-metrics';
import { checkEventIdContinuity } from './store/event-id-continuity';
import { ensureIndexes } from './store/indexes';
import { backfillArloIdPointers } from './store/push-records';
import { connectMongo, type StoreCommand } from './store/mongo';
import { logMonitorWatchdog } from './store/monitor-watchdog-log';
import { connectClient, connectWorkerConnection, temporalTarget } from './temporal/connection';
import { ensureReconcileSchedules } from './temporal/bulk-schedules';
import { sdkLogger } from './temporal/sdk-logger';
import { workflowBundleForWorker } from './temporal/workflow-bundle';
import { ensureFeedDeliveries, ensureFeedPruneSchedules } from './temporal/feed-workflows';
import { ensureCatchUpSchedules } from './temporal/schedules';
import {
  MissingSearchAttributeError,
  whenSearchAttributesMapped,
} from './temporal/search-attribute-readiness';
import { arloActivitiesPerSecond, MAIN_QUEUE_TASKS_PER_WORKER } from './temporal/task-queues';

/**
 * How long a starting worker waits for the server to see search attributes registered just before: a
 * self-hosted frontend refreshes its copy of a namespace about every 10 s.
 */
const SEARCH_ATTRIBUTES_WAIT_MS = 30_000;

export interface RunningWorkers {
  /** Resolves when both workers have shut down (after SIGINT/SIGTERM or `shutdown()`). */
  readonly done: Promise<void>;
  shutdown(): void;
}

export interface WorkerOptions {
  /** The pull path's Arlo client of each platform; default: the clients the push path uses too. */
  readonly arloClients?: ArloClientFactory;
  /** The collection pages of each platform, for bulk walks; default: the same clients. */
  readonly collectionSources?: CollectionSourceFactory;
  /** Told of every command the worker sends to the store (benchmarks count them); default: none. */
  readonly onStoreCommand?: (command: StoreCommand) => void;
}

export async function startWorkers(
  config: Config,
  logger: Logger,
  options: WorkerOptions = {},
): Promise<RunningWorkers> {
  const target = temporalTarget(config);
  if (!config.mongo.uri)
    throw new Error('No MongoDB: set MONGODB_URI, or run `arlo-sync up`, which starts one.');
  const logWatchdog = logMonitorWatchdog(logger);
  const mongo = await connectMongo(config.mongo.uri, config.mongo.database, {
    onMonitorWatchdog: (event) => {
      logWatchdog(event);
      if (event.kind !== 'reopening')
        recordStoreClientReopen(event.kind === 'reopened' ? 'reopened' : 'failed');
    },
    ...(options.onStoreCommand ? { onCommand: options.onStoreCommand } : {}),
  });
  await ensureIndexes(mongo.db);
  const pointersAdded = await backfillArloIdPointers(mongo.db);
  if (pointersAdded > 0) logger.info({ pointersAdded }, 'push records: Arlo ID pointers backfilled');
  const client = await connectClient(target);
  const platforms = config.platforms.map((p) => p.name);
  // The first calls that carry search attributes: right after `arlo-sync temporal-setup` the server may
  // not see them yet, and without it they are missing (src/temporal/search-attribute-readiness.ts).
  const { schedules, reconcileSchedules, feedSchedules } = await whenSearchAttributesMapped(
    async () => ({
      schedules: await ensureCatchUpSchedules(client, config, platforms),
      reconcileSchedules: await ensureReconcileSchedules(client, config, platforms),
      feedSchedules: await ensureFeedPruneSchedules(client, config, platforms),
    }),
    {
      namespace: target.namespace,
      waitMs: SEARCH_ATTRIBUTES_WAIT_MS,
      onWaiting: (searchAttribute) =>
        logger.warn(
          { searchAttribute, namespace: target.namespace, waitSeconds: SEARCH_ATTRIBUTES_WAIT_MS / 1000 },
          'Temporal has no mapping for an arlo-sync search attribute yet (registered a moment ago?); waiting',
        ),
    },
  );
  logger.info({ schedules }, 'catch-up schedules in place');
  logger.info({ schedules: reconcileSchedules }, 'reconcile schedules in place');
  logger.info({ schedules: feedSchedules }, 'change-feed retention schedules in place');
  const connection = await connectWorkerConnection(target);
  // One client per platform for both paths: one token cache, one place to configure.
  const arloPlatforms = createArloPlatforms(config);
  const arloClients = options.arloClients ?? ((platform: string) => arloPlatforms(platform).client);
  // In the background: a slow or unreachable Arlo must not delay polling.
  void warnIfEventIdsWentBack(config, mongo.db, arloClients, logger);
  const stopping = new AbortController();
  // Every batch in flight listens on it until its wait ends (runBatchWorkflow removes its listener), up
  // to 8 a platform: more than Node's default of 10 at once is normal, not a leak.
  setMaxListeners(0, stopping.signal);
  const deps = {
    config,
    db: mongo.db,
    logger,
    client,
    arloClients,
    shuttingDown: stopping.signal,
    // One for both workers of this process: the batch activity hands outcomes to the events waiting here.
    batchOutcomes: new BatchOutcomeHandoff<RecordedEventOutcome>(),
  };
  const pushDeps = { db: mongo.db, pushPlatform: arloPlatforms };
  const bulkDeps = {
    db: mongo.db,
    collectionSources: options.collectionSources ?? ((platform: string) => arloPlatforms(platform).client),
  };

  // Prebuilt by `npm run build` when it matches the code, otherwise bundled now (temporal/workflow-bundle).
  const workflowBundle = await workflowBundleForWorker(logger);
  const main = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle,
    maxConcurrentWorkflowTaskExecutions: MAIN_QUEUE_TASKS_PER_WORKER,
    maxConcurrentLocalActivityExecutions: MAIN_QUEUE_TASKS_PER_WORKER,
    activities: {
      ...createActivities(deps),
      ...createPushActivities(pushDeps),
      ...createFeedActivities({
        db: mongo.db,
        logger,
        consumers: config.feed.consumers,
        deliveryTimeoutMs: config.feed.deliveryTimeoutMs,
        batchSize: config.feed.batchSize,
      }),
    },
  });
  const arlo = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: config.temporal.arloTaskQueue,
    // The pull path's batch workflows run here, not behind the event workflows on the main queue: those
    // hold their workflow tasks open while they wait for a batch (workflows/fetch-platform-event-batch.ts).
    workflowBundle,
    activities: {
      ...createArloActivities(deps),
      ...createPushArloActivities(pushDeps),
      ...createBulkArloActivities(bulkDeps),
    },
    maxTaskQueueActivitiesPerSecond: arloActivitiesPerSecond(config),
    // Every Arlo activity also writes the store. Unbounded, a slow store turns a backlog into hundreds of
    // concurrent writers, timeouts and retries (seen in the chaos run on the embedded FerretDB); a few
    // dozen keep the rate budget busy (activities normally take well under a second).
    maxConcurrentActivityTaskExecutions: MAX_ARLO_ACTIVITIES_PER_WORKER,
  });
  // After the workers exist, so the first notification workflow task finds one.
  const deliveries = await ensureFeedDeliveries(client, config);
  if (deliveries.length > 0) logger.info({ workflows: deliveries }, 'change-feed notifications running');
  logger.info(
    {
      taskQueue: config.temporal.taskQueue,
      arloTaskQueue: config.temporal.arloTaskQueue,
      temporal: target.address,
    },
    'worker polling',
  );

  // However the shutdown starts (shutdown() below on a signal, or the SDK on a fatal error), activities
  // that wait on other workflows must hear of it (activities/deps.ts, `shuttingDown`).
  const watchShutdown = setInterval(() => {
    if (![main, arlo].every((w) => w.getState() === 'RUNNING')) stopping.abort();
  }, 250);
  const done = Promise.all([main.run(), arlo.run()]).then(async () => {
    clearInterval(watchShutdown);
    await connection.close();
    await client.connection.close();
    await mongo.close();
    logger.info('worker stopped');
  });
  return {
    done,
    shutdown: () => {
      stopping.abort();
      main.shutdown();
      arlo.shutdown();
    },
  };
}

/**
 * Says loudly when a platform's event IDs went back below the ledger's (src/domain/event-id-continuity.ts):
 * otherwise its new events would be dropped as redeliveries without a word.
 */
async function warnIfEventIdsWentBack(
  config: Config,
  db: Parameters<typeof checkEventIdContinuity>[0],
  arloClients: ArloClientFactory,
  logger: Logger,
): Promise<void> {
  for (const { name } of config.platforms) {
    try {
      const regression = await checkEventIdContinuity(db, name, () =>
        newestPlatformEventId(arloClients(name)),
      );
      if (regression !== undefined) {
        logger.error(
          { ...regression, fix: eventIdRegressionFix(regression) },
          `EVENTS WILL BE DROPPED: ${describeEventIdRegression(regression)}`,
        );
      }
    } catch (error) {
      logger.warn(
        { platform: name, err: error },
        "could not compare the ledger with the platform's event IDs",
      );
    }
  }
}

/** Arlo activities one worker process runs at once (see the Arlo worker above). */
export const MAX_ARLO_ACTIVITIES_PER_WORKER = 24;

/** Runs a worker until SIGINT/SIGTERM; `arlo-sync worker` passes the configuration next to a local stack. */
export async function run(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel, 'arlo-sync-worker');
  // The SDK logs through ours: JSON lines like the rest, its housekeeping at debug.
  Runtime.install({
    logger: sdkLogger(logger),
    // The SDK's native core logs to the console by itself (coloured text); forward its warnings instead.
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
    // Signals are ours (below): the SDK's own hook stops listening after the first one, so a SIGTERM
    // that follows a Ctrl-C (as `arlo-sync up` sends) would kill the worker mid-shutdown.
    shutdownSignals: [],
  });
  let signalled: () => void = () => undefined;
  const stopSignalled = new Promise<void>((resolve) => (signalled = resolve));
  onShutdownSignals({
    stop: (signal) => {
      logger.info({ signal }, 'shutting down: finishing in-flight tasks');
      signalled();
    },
    force: (signal) => {
      logger.warn({ signal }, 'second Ctrl-C: exiting without waiting for in-flight tasks');
      process.exit(1);
    },
    alreadyStopping: (signal) => logger.debug({ signal }, 'already shutting down'),
  });
  const metrics = await startWorkerMetrics(config, logger);
  const workers = await startWorkers(config, logger);
  void stopSignalled.then(() => workers.shutdown()); // also when signalled while starting
  await workers.done;
  await metrics?.close();
}

/**
 * The worker's `/metrics` (activities run here, so their metrics are here). A port already taken is
 * logged, not fatal: the worker still does its job, and the operator sees why nothing is scraped.
 */
async function startWorkerMetrics(config: Config, logger: Logger): Promise<RunningMetricsServer | undefined> {
  if (config.worker.metricsPort === 0) return undefined;
  collectDefaultMetrics({ register: workerRegistry });
  try {
    const server = await startMetricsServer({
      host: config.worker.metricsHost,
      port: config.worker.metricsPort,
      registry: workerRegistry,
      onClientFault: (fault) =>
        logger.warn(fault, 'metrics client connection error (timeout, hang-up or malformed request)'),
    });
    logger.info({ url: `${server.url}/metrics` }, 'worker metrics listening');
    return server;
  } catch (error) {
    // A port in use: the error says so and names WORKER_METRICS_PORT (listenOn in src/http/http-server.ts).
    logger.error({ err: error }, 'worker metrics endpoint not started');
    return undefined;
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError || error instanceof MissingSearchAttributeError ? error.message : `arlo-sync worker: ${String(error)}`}\n`,
    );
    process.exit(1);
  });
}
