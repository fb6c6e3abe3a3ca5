/**
 * A throwaway PostgreSQL cluster in a temporary folder of its own, on 127.0.0.1 and a free port: `initdb`,
 * then `postgres` in the foreground as a child process (so nothing outlives the lane), stopped with a fast
 * shutdown; stop() removes the folder. `initdb` and `postgres` refuse to run as root; run as root, the
 * cluster runs as the `postgres` user the Debian package creates, and its folder is handed to that user.
 */
import { execFile } from 'node:child_process';
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';

import { findFreePort } from '../free-port';
import { startManagedProcess, unlessExited, type ManagedProcess } from '../managed-process';

const run = promisify(execFile);

export interface PostgresClusterOptions {
  /** Folder of initdb, postgres, createdb, pg_isready (lane-tools.ts, postgresBinDir). */
  readonly binDir: string;
  /** The cluster's superuser; connections on 127.0.0.1 are trusted (nothing else can reach it). */
  readonly user: string;
  /** Appends the server's log here, for a post-mortem; absent: only the last lines are kept. */
  readonly logFile?: string;
  readonly readyTimeoutMs?: number;
}

export interface PostgresCluster {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** `postgres://user@127.0.0.1:port/<database>`. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** Fast shutdown (clients are disconnected), `downMs` of nothing, then the same cluster again. */
  restart(downMs: number): Promise<void>;
  /** Stops the server and removes the cluster's folder. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startPostgresCluster(options: PostgresClusterOptions): Promise<PostgresCluster> {
  const owner = await clusterOwner();
  // Directly under the temporary folder, which every user may traverse.
  const dir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-postgres-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const dataDir = path.join(dir, 'data');
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const bin = (name: string) => path.join(options.binDir, name);
  try {
    await mkdir(dataDir);
    if (owner) await chownAll([dir, dataDir], owner);
    await run(bin('initdb'), ['-D', dataDir, '-U', options.user, '-A', 'trust', '-E', 'UTF8', '--no-sync'], {
      ...asOwner,
      cwd: dir,
    });
  } catch (error) {
    await remove();
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }

  const port = await findFreePort();
  let proc: ManagedProcess | undefined;
  const start = async () => {
    const started = startManagedProcess(
      'postgres',
      bin('postgres'),
      // Unix socket in the cluster's own folder: the system's /var/run/postgresql may not be writable.
      ['-D', dataDir, '-p', String(port), '-k', dir, '-c', `listen_addresses=${HOST}`],
      {
        ...asOwner,
        cwd: dir,
        stopSignal: 'SIGINT',
        ...(options.logFile !== undefined ? { logFile: options.logFile } : {}),
      },
    );
    proc = started;
    try {
      await unlessExited(
        started,
        waitUntilReady(bin('pg_isready'), port, options.user, options.readyTimeoutMs ?? 30_000),
      );
    } catch (error) {
      await started.stop();
      throw error;
    }
  };
  try {
    await start();
  } catch (error) {
    await remove();
    throw error;
  }

  return {
    host: HOST,
    port,
    user: options.user,
    url: (database) => `postgres://${options.user}@${HOST}:${port}/${database}`,
    async createDatabase(name) {
      await run(bin('createdb'), ['-h', HOST, '-p', String(port), '-U', options.user, name]);
    },
    async restart(downMs) {
      await proc?.stop(30_000);
      await delay(downMs);
      await start();
    },
    async stop() {
      await proc?.stop(30_000);
      await remove();
    },
  };
}

async function waitUntilReady(
  pgIsReady: string,
  port: number,
  user: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // As the cluster's user: otherwise the server logs a failed login for this process's user.
    const ready = await run(pgIsReady, ['-h', HOST, '-p', String(port), '-U', user, '-t', '2']).then(
      () => true,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL on port ${port} was not ready in ${timeoutMs} ms`);
    await delay(200);
  }
}

interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** Run as root: the `postgres` user (PostgreSQL will not run as root). Otherwise: this user, as is. */
async function clusterOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  if (!entry) {
    throw new Error(
      'Running as root, the PostgreSQL cluster needs the `postgres` user, which the postgresql package ' +
        'creates; it is missing. Reinstall the package, or run as a non-root user.',
    );
  }
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

async function chownAll(paths: readonly string[], owner: Owner): Promise<void> {
  for (const p of paths) await chown(p, owner.uid, owner.gid);
}
