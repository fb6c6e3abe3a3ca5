/**
 * The receiver process: Arlo's webhook callbacks in, one durable workflow per event out, plus the
 * operator surface (/healthz, /readyz, /metrics). It never runs a worker: that is src/worker.ts, a
 * separate process, so the receiver stays fast and a worker crash cannot take callbacks down.
 */
import type { Client } from '@temporalio/client';
import { collectDefaultMetrics, Registry } from 'prom-client';

import { ConfigError, loadConfig, type Config } from './config';
import { createApp } from './http/app';
import { closeServer, createHttpServer, listenOn } from './http/http-server';
import { pushRouterOptions } from './http/push-router-options';
import { createReadinessChecker } from './http/readiness';
import { mongoProbe, temporalProbe } from './http/readiness-probes';
import { trackTemporalCalls } from './http/temporal-calls';
import { createLogger, type Logger } from './logger';
import { onShutdownSignals } from './shutdown-signals';
import { callbackReceiptRecorder } from './store/callback-receipts';
import { readFeedPage } from './store/feed/feed-page';
import { connectMongo, type MongoConnection } from './store/mongo';
import { logMonitorWatchdog } from './store/monitor-watchdog-log';
import { connectClient, temporalTarget } from './temporal/connection';

const READINESS_TIMEOUT_MS = 2_000;
/** /readyz reuses a report this long: probes and scrapes, however frequent, cost one check a second. */
const READINESS_MAX_AGE_MS = 1_000;
/** How long a shutdown waits for in-flight requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningReceiver {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish (bounded), then closes Temporal and MongoDB. */
  close(): Promise<void>;
}

function warnAboutPlatforms(config: Config, logger: Logger): void {
  if (config.platforms.length === 0) {
    logger.warn(
      'No Arlo platform is configured (ARLO_BASE_URL or ARLO_PLATFORMS_FILE): every webhook callback ' +
        'will be rejected with 401 until one is.',
    );
  }
  for (const platform of config.platforms.filter((p) => p.webhookKeys.length === 0)) {
    logger.warn(
      { platform: platform.name },
      'Platform has no webhook key: its callbacks will be rejected with 401 until `arlo-sync setup` stores one (or ARLO_WEBHOOK_KEYS is set).',
    );
  }
}

async function connectTemporal(config: Config): Promise<Client> {
  const target = temporalTarget(config);
  try {
    return await connectClient(target);
  } catch (error) {
    throw new Error(`Cannot reach Temporal at ${target.address}: ${(error as Error).message}`);
  }
}

async function connectMongoForReadiness(config: Config, logger: Logger): Promise<MongoConnection> {
  if (!config.mongo.uri) {
    throw new Error(
      'No MongoDB server: set MONGODB_URI, or run `arlo-sync up`, which starts an embedded one.',
    );
  }
  return connectMongo(config.mongo.uri, config.mongo.database, {
    onMonitorWatchdog: logMonitorWatchdog(logger),
  });
}

/** Connects, serves, and returns once listening. Throws (after releasing what it opened) on any failure. */
export async function startReceiver(config: Config, logger: Logger): Promise<RunningReceiver> {
  warnAboutPlatforms(config, logger);
  const temporal = await connectTemporal(config);
  let mongo: MongoConnection | undefined;
  try {
    mongo = await connectMongoForReadiness(config, logger);
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const calls = trackTemporalCalls(temporal);
    const readiness = createReadinessChecker({
      probes: {
        temporal: temporalProbe(calls.client, READINESS_TIMEOUT_MS),
        mongodb: mongoProbe(mongo.db, READINESS_TIMEOUT_MS),
      },
      timeoutMs: READINESS_TIMEOUT_MS,
      maxAgeMs: READINESS_MAX_AGE_MS,
      logger,
    });
    const push = pushRouterOptions(config, temporal);
    const onCallbackAccepted = callbackReceiptRecorder(mongo.db, (error) =>
      logger.warn({ err: error }, 'could not store the last-callback time (arlo-sync doctor reads it)'),
    );
    const feedDb = mongo.db;
    const changes = {
      tokens: config.feed.consumerTokens,
      platforms: config.platforms.map((p) => p.name),
      read: (platform: string, options: Parameters<typeof readFeedPage>[2]) =>
        readFeedPage(feedDb, platform, options),
    };
    const app = createApp({
      config,
      temporal: calls.client,
      readiness,
      logger,
      registry,
      push,
      changes,
      onCallbackAccepted,
    });

    const handle = app.callback();
    // Koa answers and logs its own errors; the promise it returns carries nothing more.
    const server = createHttpServer((request, response) => void handle(request, response), {
      onClientFault: (fault) =>
        logger.warn(fault, 'client connection error (timeout, hang-up or malformed request)'),
    });
    const url = await listenOn(server, config.receiver.host, config.receiver.port, 'RECEIVER_PORT');
    logger.info(
      {
        url,
        webhookUrl: `${url}${config.receiver.webhookPath}`,
        platforms: config.platforms.map((p) => p.name),
      },
      'receiver listening',
    );

    const openMongo = mongo;
    return {
      url,
      async close() {
        await closeServer(server, SHUTDOWN_GRACE_MS);
        await calls.settled();
        await Promise.allSettled([temporal.connection.close(), openMongo.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([temporal.connection.close(), mongo?.close()]);
    throw error;
  }
}

function startupFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  return `arlo-sync receiver cannot start: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The receiver's entry point: exits non-zero with a clear message when it cannot start. `arlo-sync
 * server` passes the configuration next to a local stack (read inside, so a bad one is said as one line).
 */
export async function run(configure: () => Config = () => loadConfig()): Promise<void> {
  let receiver: RunningReceiver;
  let logger: Logger;
  try {
    const config = configure();
    logger = createLogger(config.logLevel, 'arlo-sync-receiver');
    receiver = await startReceiver(config, logger);
  } catch (error) {
    process.stderr.write(`${startupFailure(error)}\n`);
    process.exit(1);
  }

  onShutdownSignals({
    stop: (signal) => {
      logger.info({ signal }, 'shutting down: finishing in-flight callbacks');
      receiver.close().then(
        () => {
          logger.info('receiver stopped');
          process.exitCode = 0;
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    },
    force: (signal) => {
      logger.warn({ signal }, 'second Ctrl-C: exiting without waiting for in-flight callbacks');
      process.exit(1);
    },
    alreadyStopping: (signal) => logger.debug({ signal }, 'already shutting down'),
  });
}

if (require.main === module) {
  void run();
}
