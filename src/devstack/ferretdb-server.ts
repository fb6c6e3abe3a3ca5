/**
 * The embedded FerretDB (tools/ferretdb): the MongoDB wire protocol over SQLite files in a directory, or
 * over a PostgreSQL database (the production lane). It prints `MONGODB_URI=...` once it accepts connections.
 */
import { findFreePort } from './free-port';
import {
  startManagedProcess,
  unlessExited,
  type ManagedProcess,
  type SpawnedProcess,
} from './managed-process';

/**
 * How long after a collection's creation its `_id` lookups are sure to use an index: the wrapper adds
 * that index within a second (tools/ferretdb/id_index.go). A benchmark that times lookups waits this long.
 */
export const ID_LOOKUP_INDEX_SETTLE_MS = 2_500;

export type FerretDbServerOptions = {
  binary: string;
  /** A free port when omitted. */
  port?: number;
  inheritStderr?: boolean;
  /** See StartOptions (./managed-process.ts). */
  ownProcessGroup?: boolean;
  /** Told the server's pid the moment it exists (./managed-process.ts). */
  onSpawned?: (spawned: SpawnedProcess) => void;
  readyTimeoutMs?: number;
  /** Go's garbage collector target (GOGC); the wrapper's own default when omitted (tools/ferretdb). */
  gcPercent?: number;
} &
  /** SQLite files in this folder (the embedded store). */
  (
    | { dataDir: string; postgresqlUrl?: undefined }
    /** A PostgreSQL database, `postgres://user@host:port/database` (the production lane). */
    | { postgresqlUrl: string; dataDir?: undefined }
  );

export interface FerretDbServer {
  readonly uri: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startFerretDbServer(options: FerretDbServerOptions): Promise<FerretDbServer> {
  const port = options.port ?? (await findFreePort());
  let announce: (uri: string) => void = () => undefined;
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const proc = startManagedProcess(
    'ferretdb',
    options.binary,
    [
      '--listen-addr',
      `127.0.0.1:${port}`,
      ...(options.postgresqlUrl !== undefined
        ? ['--postgresql-url', options.postgresqlUrl]
        : ['--data-dir', options.dataDir]),
      ...(options.gcPercent !== undefined ? ['--gc-percent', String(options.gcPercent)] : []),
    ],
    {
      inheritStderr: options.inheritStderr,
      ownProcessGroup: options.ownProcessGroup,
      onSpawned: options.onSpawned,
      onStdoutLine: (line) => {
        if (line.startsWith('MONGODB_URI=')) announce(line.slice('MONGODB_URI='.length));
      },
    },
  );
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`FerretDB did not start within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const uri = await unlessExited(proc, Promise.race([announced, timeout]));
    return { uri, process: proc, stop: () => proc.stop() };
  } catch (error) {
    await proc.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
