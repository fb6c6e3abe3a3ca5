/**
 * The configuration both pull benchmarks run with: their own database and task queues per run (so runs
 * never mix), the simulator as the one platform, a receiver on a free loopback port.
 */
import { randomUUID } from 'node:crypto';

import { loadConfig, type Config } from '../config';

export function pullBenchConfig(
  name: string,
  temporalAddress: string,
  mongoUri: string,
  sim: { baseUrl: string; platform: string; credentials: { username: string; password: string } },
  webhookKey: string,
  settings: Readonly<Record<string, string>> = {},
): Config {
  return loadConfig(pullBenchEnv(name, temporalAddress, mongoUri, sim, webhookKey, settings));
}

/**
 * The same configuration as variables, for a receiver or worker started as a process of its own.
 * `settings` (`bench --set`: the pull path's own variables) come last, over the defaults.
 */
export function pullBenchEnv(
  name: string,
  temporalAddress: string,
  mongoUri: string,
  sim: { baseUrl: string; platform: string; credentials: { username: string; password: string } },
  webhookKey: string,
  settings: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const run = `${name}-${randomUUID().slice(0, 8)}`;
  return {
    TEMPORAL_ADDRESS: temporalAddress,
    MONGODB_URI: mongoUri,
    MONGODB_DATABASE: run,
    ARLO_SYNC_TASK_QUEUE: run,
    ARLO_SYNC_ARLO_TASK_QUEUE: `${run}-arlo`,
    ARLO_BASE_URL: sim.baseUrl,
    ARLO_PLATFORM: sim.platform,
    ARLO_USERNAME: sim.credentials.username,
    ARLO_PASSWORD: sim.credentials.password,
    ARLO_WEBHOOK_KEYS: webhookKey,
    RECEIVER_HOST: '127.0.0.1',
    RECEIVER_PORT: '0',
    LOG_LEVEL: 'warn',
    // The catch-up schedule fires on the clock's 15-minute marks and would start workflows for events
    // the bench made but never delivered, counted as if offered; daily, it stays out of a run's minutes.
    ARLO_CATCH_UP_INTERVAL_MINUTES: '1440',
    ...settings,
  };
}
