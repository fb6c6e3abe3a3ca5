/**
 * The Temporal server itself (all four services in one process, as the `temporalio/server` image runs
 * it), configured like the image: its `config/docker.yaml` template rendered from environment variables,
 * here SQL persistence and SQL visibility on the lane's PostgreSQL and several history shards. Every port
 * the server binds is a free one on 127.0.0.1, chosen once, so a restart comes back on the same ports.
 */
import path from 'node:path';

import { childProcessEnv } from '../../config';
import { PROJECT_ROOT } from '../../project-root';
import { findFreePortInRange } from '../free-port';
import { startManagedProcess, unlessExited, type ManagedProcess } from '../managed-process';
import { waitUntilServing } from '../temporal-dev-server';
import type { TemporalServerTools } from './lane-tools';
import type { PostgresCluster } from './postgres-cluster';
import { HISTORY_SHARDS } from './versions';

/** The dynamic configuration docker-compose.yml mounts (the Arlo queue's partitions). */
export const DYNAMIC_CONFIG = path.join(PROJECT_ROOT, 'deploy', 'temporal', 'dynamicconfig.yaml');

export interface TemporalServerOptions {
  readonly tools: TemporalServerTools;
  readonly postgres: PostgresCluster;
  /** Appends the server's log lines (JSON) here, for a post-mortem; absent: discarded. */
  readonly logFile?: string;
  readonly readyTimeoutMs?: number;
}

export interface TemporalServer {
  readonly address: string;
  readonly process: () => ManagedProcess | undefined;
  /** Stops the server, waits `downMs`, starts it again on the same ports and databases. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The template's variables docker-compose.yml gives the `temporal` service, with this lane's values
 * (test/unit/production-lane-versions.test.ts checks the compose file sets no other).
 */
export function serverEnvironment(
  postgres: Pick<PostgresCluster, 'host' | 'port' | 'user'>,
  dynamicConfig: string,
): Record<string, string> {
  return {
    DB: 'postgres12',
    POSTGRES_SEEDS: postgres.host,
    DB_PORT: String(postgres.port),
    // The template reads the visibility store's port from POSTGRES_PORT, not DB_PORT (5432 by default).
    POSTGRES_PORT: String(postgres.port),
    POSTGRES_USER: postgres.user,
    // Trusted on the loopback interface; the compose file's server sends its password.
    POSTGRES_PWD: '',
    NUM_HISTORY_SHARDS: String(HISTORY_SHARDS),
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: dynamicConfig,
    LOG_LEVEL: 'warn',
  };
}

/** The template's port variables, one free port each. */
const PORT_VARIABLES = [
  'FRONTEND_GRPC_PORT',
  'FRONTEND_HTTP_PORT',
  'FRONTEND_MEMBERSHIP_PORT',
  'MATCHING_GRPC_PORT',
  'MATCHING_MEMBERSHIP_PORT',
  'HISTORY_GRPC_PORT',
  'HISTORY_MEMBERSHIP_PORT',
  'WORKER_GRPC_PORT',
  'WORKER_MEMBERSHIP_PORT',
] as const;

/**
 * The SQL schema stores a host's membership port as `smallint`: a port above 32767 fails the server's
 * start ("value out of range for type smallint"), and the kernel's free ports lie above it. So every
 * port the server binds is picked below that, where Temporal's own defaults (6933, 7233, ...) are.
 */
const HIGHEST_STORABLE_PORT = 32_767;
const LOWEST_PICKED_PORT = 20_000;

/** The system namespace the server creates at start; ours is registered by `arlo-sync temporal-setup`. */
const SYSTEM_NAMESPACE = 'temporal-system';

export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  const ports: Record<string, string> = {};
  for (const name of PORT_VARIABLES) {
    let port: string;
    // Nothing is bound until the server starts, so a pick may repeat an earlier one: pick again.
    do port = String(await findFreePortInRange(LOWEST_PICKED_PORT, HIGHEST_STORABLE_PORT));
    while (Object.values(ports).includes(port));
    ports[name] = port;
  }
  const address = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
  const env = childProcessEnv({
    ...ports,
    ...serverEnvironment(options.postgres, DYNAMIC_CONFIG),
  });

  let proc: ManagedProcess | undefined;
  const start = async () => {
    // The server logs to stdout; its last lines say why a start failed.
    const tail: string[] = [];
    const started = startManagedProcess(
      'temporal-server',
      options.tools.server,
      ['--root', options.tools.root, '--config', 'config', '--env', 'docker', '--allow-no-auth', 'start'],
      {
        env,
        onStdoutLine: (line) => {
          tail.push(line);
          if (tail.length > 15) tail.shift();
        },
        ...(options.logFile !== undefined ? { logFile: options.logFile } : {}),
      },
    );
    proc = started;
    try {
      await unlessExited(
        started,
        waitUntilServing(address, SYSTEM_NAMESPACE, options.readyTimeoutMs ?? 90_000),
      );
    } catch (error) {
      await started.stop();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tail.join('\n')}`);
    }
  };
  await start();

  return {
    address,
    process: () => proc,
    async restart(downMs) {
      await proc?.stop(30_000);
      proc = undefined;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    stop: async () => proc?.stop(30_000),
  };
}
