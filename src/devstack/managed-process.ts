/**
 * A child process the local stack owns: started with its output captured, stopped with SIGTERM and, if
 * it does not exit in time, SIGKILL. Keeps the last lines of stderr so a failed start can say why.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Settles when the process exits, with its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The last lines the process wrote to stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM (or the stop signal), then SIGKILL after `graceMs`. Resolves once the process is gone. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/** A process just spawned, as its owner records it (./leftover-processes.ts). */
export interface SpawnedProcess {
  readonly name: string;
  readonly pid: number;
  readonly command: string;
  readonly args: readonly string[];
}

export interface StartOptions extends Pick<SpawnOptions, 'cwd' | 'env' | 'uid' | 'gid'> {
  /** Called with each stdout line (stdout is otherwise discarded). */
  onStdoutLine?: (line: string) => void;
  /** Forward stderr to this process's stderr (for `arlo-sync up`), besides keeping the tail. */
  inheritStderr?: boolean;
  /** Also append every stdout and stderr line to this file (for the chaos run's post-mortem). */
  logFile?: string;
  /** What `stop()` sends first (default SIGTERM; PostgreSQL's fast shutdown is SIGINT). */
  stopSignal?: NodeJS.Signals;
  /**
   * Run in a process group of its own, so that a terminal's Ctrl-C (SIGINT to the whole foreground
   * group) reaches only the owner, which then stops its processes in the order they depend on each
   * other. Without it every process stops at once: the worker would lose the Temporal server it
   * needs to finish its tasks. The owner must then stop it in every case (it gets no SIGHUP either).
   */
  ownProcessGroup?: boolean;
  /** Called once the process exists, before this function returns (for `up`'s record of its processes). */
  onSpawned?: (spawned: SpawnedProcess) => void;
}

const TAIL_LINES = 30;
/** How long `stop()` waits after its first signal before SIGKILL, unless told otherwise. */
export const STOP_GRACE_MS = 10_000;

export function startManagedProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: StartOptions = {},
): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup === true,
  });
  if (child.pid !== undefined) options.onSpawned?.({ name, pid: child.pid, command, args });
  const tail: string[] = [];
  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a' });
  log?.on('error', () => undefined); // A log that cannot be written must not take the process down.
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      log?.end();
      resolve(code);
    });
    child.once('error', (error) => {
      tail.push(`${name}: ${error.message}`);
      resolve(null);
    });
  });
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (line) => {
      log?.write(`${line}\n`);
      options.onStdoutLine?.(line);
    });
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      log?.write(`${line}\n`);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      if (options.inheritStderr) process.stderr.write(`[${name}] ${line}\n`);
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    exited,
    stderrTail: () => tail.join('\n'),
    stop(graceMs = STOP_GRACE_MS) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill(options.stopSignal ?? 'SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        try {
          await exited;
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
}

/** Resolves with `value` unless the process exits first, in which case it rejects with its stderr. */
export async function unlessExited<T>(proc: ManagedProcess, value: Promise<T>): Promise<T> {
  const exit = proc.exited.then((code) => {
    throw new Error(`${proc.name} exited (code ${code}) before it was ready:\n${proc.stderrTail()}`);
  });
  return Promise.race([value, exit]);
}
