/**
 * Builds the frozen Config from its sources, in order of precedence: the real environment, `.env`, the
 * values of a running local stack (when the caller found one), the built-in defaults. Every problem is
 * reported at once (one line per variable: what was wrong and what to set).
 */
import { ConfigError } from './config-error';
import type { Config, Env } from './config-types';
import { defaultDotEnvFile, readDotEnv } from './dot-env';
import { readFeedConsumers } from './feed-consumers';
import { readPlatforms } from './platforms';
import { readVariables } from './read-variables';
import { merged, type ConfigSource, type EnvLayer } from './sources';
import { connectionOptions, readTemporalEnvConfig } from './temporal-env';
import { isReadName, type VariableName, type VariableValues } from './variables';

export interface ConfigLayers {
  /**
   * Variables of the local stack `arlo-sync up` is running, found by the CLI: they count under the
   * environment and `.env`, above the defaults.
   */
  readonly localStack?: Env;
  /**
   * The `.env` file to read. Default: `.env` in the current directory when the environment is this
   * process's own (`loadConfig()`); none when the caller passes an environment (tests, child stacks).
   */
  readonly dotEnvFile?: string;
}

export interface LoadedConfig {
  readonly config: Config;
  /** Each declared variable's value, as parsed. */
  readonly values: VariableValues;
  /** Where each declared variable that has a value got it. */
  readonly sources: ReadonlyMap<VariableName, ConfigSource>;
  /** The `.env` file that was read, if there was one. */
  readonly dotEnvFile: string | undefined;
  /** Names in `.env` that arlo-sync does not read (a typo, or a variable for another tool). */
  readonly unknownInDotEnv: readonly string[];
}

/** Parse and validate the configuration. Throws ConfigError listing every problem. */
export function loadConfig(env?: Env, layers: ConfigLayers = {}): Config {
  return loadConfigWithSources(env, layers).config;
}

export function loadConfigWithSources(env?: Env, layers: ConfigLayers = {}): LoadedConfig {
  const problems: string[] = [];
  const dotEnvFile = layers.dotEnvFile ?? (env === undefined ? defaultDotEnvFile() : undefined);
  const dotEnv = dotEnvFile === undefined ? undefined : readDotEnv(dotEnvFile);
  if (dotEnv && 'problem' in dotEnv) problems.push(dotEnv.problem);
  const sources: EnvLayer[] = [
    { source: 'environment', env: env ?? process.env },
    ...(dotEnv && 'env' in dotEnv ? [{ source: '.env' as const, env: dotEnv.env }] : []),
    ...(layers.localStack ? [{ source: 'local stack' as const, env: layers.localStack }] : []),
  ];

  const read = readVariables(sources);
  problems.push(...read.problems);
  const v = read.values;
  const temporalEnv = readTemporalEnvConfig(merged(sources));
  if ('problem' in temporalEnv) problems.push(temporalEnv.problem);
  const temporal = 'problem' in temporalEnv ? undefined : temporalEnv;

  const config: Config = {
    logLevel: v.LOG_LEVEL,
    dataDir: v.ARLO_SYNC_DATA_DIR,
    toolsDir: v.ARLO_SYNC_TOOLS_DIR,
    temporal: {
      address: v.TEMPORAL_ADDRESS ?? temporal?.connectionOptions.address,
      // A Temporal profile's namespace comes between a variable that is set and the default.
      namespace:
        (read.sources.get('TEMPORAL_NAMESPACE') === 'default' ? temporal?.namespace : undefined) ??
        v.TEMPORAL_NAMESPACE,
      taskQueue: v.ARLO_SYNC_TASK_QUEUE,
      arloTaskQueue: v.ARLO_SYNC_ARLO_TASK_QUEUE,
      connection: connectionOptions(temporal?.connectionOptions),
      devServerPort: v.ARLO_SYNC_DEV_TEMPORAL_PORT,
      devUiPort: v.ARLO_SYNC_DEV_TEMPORAL_UI_PORT,
    },
    mongo: {
      uri: v.MONGODB_URI,
      database: v.MONGODB_DATABASE,
      devPort: v.ARLO_SYNC_DEV_MONGODB_PORT,
    },
    receiver: {
      host: v.RECEIVER_HOST,
      port: v.RECEIVER_PORT,
      webhookPath: v.WEBHOOK_PATH,
      maxBodyBytes: v.WEBHOOK_MAX_BODY_BYTES,
      publicUrl: v.RECEIVER_PUBLIC_URL,
    },
    worker: { metricsHost: v.WORKER_METRICS_HOST, metricsPort: v.WORKER_METRICS_PORT },
    arlo: {
      requestsPerMinute: v.ARLO_REQUESTS_PER_MINUTE,
      pageSize: v.ARLO_PAGE_SIZE,
      requestTimeoutMs: v.ARLO_REQUEST_TIMEOUT_MS,
      maxResponseBytes: v.ARLO_MAX_RESPONSE_BYTES,
    },
    pull: {
      eventQueryBatchSize: v.ARLO_EVENT_QUERY_BATCH_SIZE,
      eventBatchWindowMs: v.ARLO_EVENT_BATCH_WINDOW_MS,
      eventBatchIntervalMs: v.ARLO_EVENT_BATCH_INTERVAL_MS,
      outcomeSearchAttribute: v.ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE,
      catchUpIntervalMinutes: v.ARLO_CATCH_UP_INTERVAL_MINUTES,
      fetchBatcherWindowSeconds: v.ARLO_FETCH_BATCHER_WINDOW_SECONDS,
    },
    bulk: {
      reconcileCron: v.ARLO_RECONCILE_CRON,
      reconcileOverlapMinutes: v.ARLO_RECONCILE_OVERLAP_MINUTES,
      segments: v.ARLO_BULK_SEGMENTS,
    },
    platforms: readPlatforms(v, problems),
    push: { tokens: v.PUSH_TOKENS ?? [], ownershipFile: v.PUSH_OWNERSHIP_FILE },
    feed: {
      consumerTokens: v.CONSUMER_TOKENS ?? [],
      retentionDays: v.FEED_RETENTION_DAYS,
      consumers: readFeedConsumers(v, problems),
      deliveryTimeoutMs: v.CONSUMER_WEBHOOK_TIMEOUT_MS,
      batchSize: v.CONSUMER_WEBHOOK_BATCH_SIZE,
    },
    simulator: {
      port: v.SIMULATOR_PORT,
      controlPort: v.SIMULATOR_CONTROL_PORT,
      demoSeedRecords: v.SIMULATOR_DEMO_SEED_RECORDS,
      demoEditsPerSecond: v.SIMULATOR_DEMO_EDITS_PER_SECOND,
    },
  };

  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return {
    config: deepFreeze(config),
    values: v,
    sources: read.sources,
    dotEnvFile: dotEnv && 'env' in dotEnv ? dotEnvFile : undefined,
    unknownInDotEnv: dotEnv && 'env' in dotEnv ? Object.keys(dotEnv.env).filter((n) => !isReadName(n)) : [],
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
