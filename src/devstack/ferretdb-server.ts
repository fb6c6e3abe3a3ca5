/**
 * The embedded FerretDB (tools/ferretdb): the MongoDB wire protocol over SQLite files in a directory.
 * It prints `MONGODB_URI=...` once it accepts connections.
 */
import { findFreePort } from './free-port';
import { startManagedProcess, unlessExited, type ManagedProcess } from './managed-process';

export interface FerretDbServerOptions {
  binary: string;
  dataDir: string;
  /** A free port when omitted. */
  port?: number;
  inheritStderr?: boolean;
  readyTimeoutMs?: number;
}

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
    ['--listen-addr', `127.0.0.1:${port}`, '--data-dir', options.dataDir],
    {
      inheritStderr: options.inheritStderr,
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
