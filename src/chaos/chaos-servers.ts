/**
 * The servers under a chaos run, on either lane, each restartable in place (same port, same data), so an
 * outage ends with the system where it was:
 *  - embedded: the Temporal CLI's dev server on a SQLite file and FerretDB on SQLite files;
 *  - production: the Temporal server on PostgreSQL (SQL visibility, several history shards) and FerretDB
 *    on the same PostgreSQL, which can itself be restarted under both (src/devstack/production-lane).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { startFerretDbServer, type FerretDbServer } from '../devstack/ferretdb-server';
import { findFreePort } from '../devstack/free-port';
import { startProductionLane } from '../devstack/production-lane/production-lane';
import { startTemporalDevServer, type TemporalDevServer } from '../devstack/temporal-dev-server';
import { ensureFerretDb, ensureTemporalCli } from '../devstack/tools';
import type { ChaosLane } from './chaos-options';

export interface ChaosServers {
  readonly temporalAddress: string;
  readonly mongoUri: string;
  restartTemporal(downMs: number): Promise<void>;
  restartMongo(downMs: number): Promise<void>;
  /** The production lane only: PostgreSQL under both Temporal and FerretDB. */
  readonly restartPostgres?: (downMs: number) => Promise<void>;
  close(): Promise<void>;
}

export interface ChaosServersOptions {
  readonly lane: ChaosLane;
  readonly namespace: string;
  readonly toolsDir: string;
  /** The run's own temporary folder (removed by the run). */
  readonly dir: string;
  readonly log: (line: string) => void;
  /** Where server logs go, if anywhere. */
  readonly logsDir?: string;
}

export async function startChaosServers(options: ChaosServersOptions): Promise<ChaosServers> {
  if (options.lane === 'production') {
    return startProductionLane({
      toolsDir: options.toolsDir,
      namespace: options.namespace,
      log: options.log,
      ...(options.logsDir !== undefined ? { logsDir: options.logsDir } : {}),
    });
  }
  return startEmbeddedServers(options);
}

async function startEmbeddedServers(options: ChaosServersOptions): Promise<ChaosServers> {
  const [temporalBinary, ferretBinary] = await Promise.all([
    ensureTemporalCli(options.toolsDir, options.log),
    ensureFerretDb(options.toolsDir, options.log),
  ]);
  const temporalPort = await findFreePort();
  const mongoPort = await findFreePort();
  // A SQLite file and a data folder: a restart on the same port keeps every workflow and document.
  const dbFile = path.join(options.dir, 'temporal.sqlite');
  const dataDir = path.join(options.dir, 'ferretdb');
  await mkdir(dataDir);
  const startTemporal = () =>
    startTemporalDevServer({
      binary: temporalBinary,
      port: temporalPort,
      dbFile,
      namespace: options.namespace,
    });
  const startMongo = () => startFerretDbServer({ binary: ferretBinary, dataDir, port: mongoPort });
  let temporal: TemporalDevServer | undefined = await startTemporal();
  let mongo: FerretDbServer | undefined;
  try {
    mongo = await startMongo();
  } catch (error) {
    await temporal.stop();
    throw error;
  }
  return {
    temporalAddress: temporal.address,
    mongoUri: mongo.uri,
    async restartTemporal(downMs) {
      await temporal?.stop();
      temporal = undefined;
      await delay(downMs);
      temporal = await startTemporal();
    },
    async restartMongo(downMs) {
      await mongo?.stop();
      mongo = undefined;
      await delay(downMs);
      mongo = await startMongo();
    },
    async close() {
      await mongo?.stop();
      await temporal?.stop();
    },
  };
}
