/**
 * The worker process: polls the main task queue (workflows + non-Arlo activities) and the Arlo task
 * queue (rate-limited, one Arlo request per activity). Stateless: run as many as you like.
 */
import { Worker } from '@temporalio/worker';

import {
  createActivities,
  createArloActivities,
  createArloClientFactory,
  type ArloClientFactory,
} from '../activities';
import {
  createBulkArloActivities,
  createCollectionSources,
  type CollectionSourceFactory,
} from '../activities/bulk';
import { createPushActivities, createPushArloActivities, createPushPlatforms } from '../activities/push';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { ensureIndexes } from './store/indexes';
import { ensurePushRecordIndexes } from './store/push-records';
import { connectMongo } from './store/mongo';
import { connectClient, connectWorkerConnection, temporalTarget } from './temporal/connection';
import { ensureReconcileSchedules } from './temporal/bulk-schedules';
import { ensureCatchUpSchedules } from './temporal/schedules';
import { arloActivitiesPerSecond } from './temporal/task-queues';

export interface RunningWorkers {
  /** Resolves when both workers have shut down (after SIGINT/SIGTERM or `shutdown()`). */
  readonly done: Promise<void>;
  shutdown(): void;
}

export interface WorkerOptions {
  /** The Arlo client of each configured platform. */
  readonly arloClients: ArloClientFactory;
  /** The collection pages of each platform, for bulk walks; default: real clients from the config. */
  readonly collectionSources?: CollectionSourceFactory;
}

export async function startWorkers(
  config: Config,
  logger: Logger,
  { arloClients, collectionSources }: WorkerOptions,
): Promise<RunningWorkers> {
  const target = temporalTarget(config);
  if (!config.mongo.uri)
    throw new Error('No MongoDB: set MONGODB_URI, or run `arlo-sync up`, which starts one.');
  const mongo = await connectMongo(config.mongo.uri, config.mongo.database);
  await ensureIndexes(mongo.db);
  await ensurePushRecordIndexes(mongo.db);
  const client = await connectClient(target);
  const schedules = await ensureCatchUpSchedules(
    client,
    config,
    config.platforms.map((p) => p.name),
  );
  logger.info({ schedules }, 'catch-up schedules in place');
  const reconcileSchedules = await ensureReconcileSchedules(
    client,
    config,
    config.platforms.map((p) => p.name),
  );
  logger.info({ schedules: reconcileSchedules }, 'reconcile schedules in place');
  const connection = await connectWorkerConnection(target);
  const deps = { config, db: mongo.db, logger, client, arloClients };
  const pushDeps = { db: mongo.db, pushPlatform: createPushPlatforms(config) };
  const bulkDeps = {
    db: mongo.db,
    collectionSources: collectionSources ?? createCollectionSources(config),
  };

  const main = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: { ...createActivities(deps), ...createPushActivities(pushDeps) },
  });
  const arlo = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: config.temporal.arloTaskQueue,
    activities: {
      ...createArloActivities(deps),
      ...createPushArloActivities(pushDeps),
      ...createBulkArloActivities(bulkDeps),
    },
    maxTaskQueueActivitiesPerSecond: arloActivitiesPerSecond(config),
  });
  logger.info(
    {
      taskQueue: config.temporal.taskQueue,
      arloTaskQueue: config.temporal.arloTaskQueue,
      temporal: target.address,
    },
    'worker polling',
  );

  const done = Promise.all([main.run(), arlo.run()]).then(async () => {
    await connection.close();
    await client.connection.close();
    await mongo.close();
    logger.info('worker stopped');
  });
  return {
    done,
    shutdown: () => {
      main.shutdown();
      arlo.shutdown();
    },
  };
}

export async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'arlo-sync-worker');
  // The SDK's Runtime shuts the workers down gracefully on SIGINT/SIGTERM.
  const workers = await startWorkers(config, logger, { arloClients: createArloClientFactory(config) });
  await workers.done;
}

if (require.main === module) {
  run().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `arlo-sync worker: ${String(error)}`}\n`,
    );
    process.exit(1);
  });
}
