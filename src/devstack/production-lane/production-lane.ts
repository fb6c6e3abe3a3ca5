/**
 * The production lane's servers, without Docker, in the order docker-compose.yml starts them: a
 * PostgreSQL cluster; Temporal's databases by deploy/temporal/setup-schema.sh (the `temporal-schema`
 * service); the Temporal server with SQL persistence, SQL visibility and several history shards (the
 * `temporal` service); the namespace and search attributes by `arlo-sync temporal-setup`, run from the
 * compiled CLI (the `temporal-setup` service); and a MongoDB-protocol store: FerretDB on the same
 * PostgreSQL (MongoDB itself cannot be obtained on these machines; see README, "Running in production").
 * Everything listens on free loopback ports; stop() removes it all.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';

import { childProcessEnv } from '../../config';
import { PROJECT_ROOT } from '../../project-root';
import { startFerretDbServer, type FerretDbServer } from '../ferretdb-server';
import { findFreePort } from '../free-port';
import { ensureFerretDb, type ProvisionLog } from '../tools';
import { ensureTemporalServer, postgresBinDir } from './lane-tools';
import { startPostgresCluster } from './postgres-cluster';
import { setUpTemporalSchema } from './temporal-schema';
import { startTemporalServer } from './temporal-server';

const run = promisify(execFile);

export interface ProductionLaneOptions {
  readonly toolsDir: string;
  readonly namespace: string;
  readonly log: ProvisionLog;
  /** The compiled CLI that runs `temporal-setup` (default: dist/ of this checkout). */
  readonly cliEntry?: string;
  /** Where the servers' logs go (postgres.log, temporal-server.log); absent: only their last lines. */
  readonly logsDir?: string;
}

export interface ProductionLane {
  readonly temporalAddress: string;
  readonly mongoUri: string;
  /** What `arlo-sync temporal-setup` printed. */
  readonly setupOutput: string;
  restartTemporal(downMs: number): Promise<void>;
  restartMongo(downMs: number): Promise<void>;
  /** Fast shutdown of PostgreSQL under both Temporal and FerretDB, `downMs` down, then back. */
  restartPostgres(downMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The cluster's superuser, as the compose file's POSTGRES_USER. */
const DATABASE_USER = 'temporal';
const FERRETDB_DATABASE = 'ferretdb';

/** Builds (once) and finds everything the lane runs; returns the paths. */
export async function provisionProductionLane(toolsDir: string, log: ProvisionLog) {
  const postgresBin = postgresBinDir();
  const [temporal, ferretdb] = await Promise.all([
    ensureTemporalServer(toolsDir, log),
    ensureFerretDb(toolsDir, log),
  ]);
  return { postgresBin, temporal, ferretdb };
}

export async function startProductionLane(options: ProductionLaneOptions): Promise<ProductionLane> {
  const tools = await provisionProductionLane(options.toolsDir, options.log);
  const logFile = (name: string) =>
    options.logsDir === undefined ? {} : { logFile: path.join(options.logsDir, `${name}.log`) };
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne().catch(() => undefined);
  };
  try {
    const postgres = await startPostgresCluster({
      binDir: tools.postgresBin,
      user: DATABASE_USER,
      ...logFile('postgres'),
    });
    closers.push(() => postgres.stop());
    await setUpTemporalSchema({
      sqlTool: tools.temporal.sqlTool,
      host: postgres.host,
      port: postgres.port,
      user: postgres.user,
    });
    await postgres.createDatabase(FERRETDB_DATABASE);

    const temporal = await startTemporalServer({
      tools: tools.temporal,
      postgres,
      ...logFile('temporal-server'),
    });
    closers.push(() => temporal.stop());
    const setupOutput = await runTemporalSetup(
      options.cliEntry ?? path.join(PROJECT_ROOT, 'dist', 'src', 'cli.js'),
      temporal.address,
      options.namespace,
    );

    const mongoPort = await findFreePort();
    const startMongo = () =>
      startFerretDbServer({
        binary: tools.ferretdb,
        postgresqlUrl: postgres.url(FERRETDB_DATABASE),
        port: mongoPort,
      });
    let mongo: FerretDbServer | undefined = await startMongo();
    closers.push(() => mongo?.stop() ?? Promise.resolve());

    return {
      temporalAddress: temporal.address,
      mongoUri: mongo.uri,
      setupOutput,
      restartTemporal: (downMs) => temporal.restart(downMs),
      async restartMongo(downMs) {
        await mongo?.stop();
        mongo = undefined;
        await delay(downMs);
        mongo = await startMongo();
      },
      restartPostgres: (downMs) => postgres.restart(downMs),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** `arlo-sync temporal-setup` as the compose file's one-shot service runs it: the compiled CLI. */
async function runTemporalSetup(cliEntry: string, address: string, namespace: string): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [cliEntry, 'temporal-setup'], {
      env: childProcessEnv({ TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, LOG_LEVEL: 'warn' }),
    });
    return stdout.trim();
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(`arlo-sync temporal-setup failed against ${address}: ${stderr.trim() || String(error)}`);
  }
}
