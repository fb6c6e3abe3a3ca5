/**
 * The Temporal CLI's `server start-dev`: a real, single-process Temporal server on SQLite with the Web UI
 * built in. Used by `arlo-sync up` (UI on, database file persisted) and by the test harness (headless,
 * in memory, free ports).
 */
import { Connection } from '@temporalio/client';

import { SEARCH_ATTRIBUTE_KEYS } from '../domain/search-attributes';
import { findFreePort } from './free-port';
import {
  startManagedProcess,
  unlessExited,
  type ManagedProcess,
  type SpawnedProcess,
} from './managed-process';
import { ONE_PARTITION, type TaskQueuePartitions } from './task-queue-partitions';

export interface TemporalDevServerOptions {
  binary: string;
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port; the UI is off (headless) when omitted. */
  uiPort?: number;
  /** SQLite file to persist to; in memory when omitted. */
  dbFile?: string;
  namespace: string;
  inheritStderr?: boolean;
  /** See StartOptions (./managed-process.ts). */
  ownProcessGroup?: boolean;
  /** Told the server's pid the moment it exists (./managed-process.ts). */
  onSpawned?: (spawned: SpawnedProcess) => void;
  readyTimeoutMs?: number;
  /** Partitions per task queue; one when omitted (./task-queue-partitions.ts says why). */
  partitions?: TaskQueuePartitions;
}

export interface TemporalDevServer {
  readonly address: string;
  readonly uiUrl: string | undefined;
  /** The server's Prometheus metrics (benchmarks read its persistence calls there). */
  readonly metricsUrl: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * The dev server binds more ports than `--port` (its history and matching services pick free ones), so
 * another process on the machine can take one between the pick and the bind. Such a start fails at
 * once with "address already in use"; it is tried again, a few times, before giving up.
 */
const START_ATTEMPTS = 3;

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      const portTaken = error instanceof Error && error.message.includes('address already in use');
      if (!portTaken || attempt >= START_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function startOnce(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const port = options.port ?? (await findFreePort());
  const address = `127.0.0.1:${port}`;
  const metricsPort = await findFreePort();
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    options.namespace,
    '--log-level',
    'error',
    // A free port of its own for the metrics, so that two servers never clash on the default one.
    '--metrics-port',
    String(metricsPort),
    ...SEARCH_ATTRIBUTE_KEYS.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
    ...partitionArgs(options.partitions ?? ONE_PARTITION),
    ...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    // WAL with synchronous=NORMAL: each commit survives a crash of the process (not of the machine) and
    // costs a quarter of SQLite's default rollback journal: 6.5 instead of 14.8 ms of server CPU per
    // workflow start on this project's 2-core reference machine.
    ...(options.dbFile
      ? [
          '--db-filename',
          options.dbFile,
          '--sqlite-pragma',
          'journal_mode=wal',
          '--sqlite-pragma',
          'synchronous=normal',
        ]
      : []),
  ];
  const proc = startManagedProcess('temporal', options.binary, args, {
    inheritStderr: options.inheritStderr,
    ownProcessGroup: options.ownProcessGroup,
    onSpawned: options.onSpawned,
  });
  try {
    await unlessExited(proc, waitUntilServing(address, options.namespace, options.readyTimeoutMs ?? 60_000));
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    process: proc,
    stop: () => proc.stop(),
  };
}

function partitionArgs(partitions: TaskQueuePartitions): string[] {
  return [
    '--dynamic-config-value',
    `matching.numTaskqueueReadPartitions=${partitions.read}`,
    '--dynamic-config-value',
    `matching.numTaskqueueWritePartitions=${partitions.write}`,
  ];
}

/** Polls until the frontend answers and the namespace exists (the dev server creates it at start). */
export async function waitUntilServing(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await connection?.close();
    }
  }
  throw new Error(`Temporal at ${address} did not become ready in ${timeoutMs} ms: ${String(lastError)}`);
}
