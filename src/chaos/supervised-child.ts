/**
 * The worker or the receiver as a child process of the chaos run, under a supervisor's rule: when it
 * exits without being asked to (a crash, or a start while Temporal is down), it is started again after a
 * short pause, as systemd or Kubernetes would. The run can SIGKILL it (a crash it causes on purpose) or
 * restart it gracefully.
 */
import { startManagedProcess, type ManagedProcess } from '../devstack/managed-process';

const RESTART_PAUSE_MS = 1_000;

export interface SupervisedChild {
  readonly name: string;
  /** Exits nobody asked for; each was followed by a restart. */
  unexpectedExits(): number;
  /** SIGKILL: no cleanup, in-flight activities are abandoned mid-call. */
  kill(): Promise<void>;
  /** SIGTERM and wait (the process finishes what it is doing). */
  stop(): Promise<void>;
  start(): void;
  /** Stops for good (no more restarts). */
  close(): Promise<void>;
  stderrTail(): string;
}

export function superviseChild(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  onUnexpectedExit: (name: string, code: number | null, stderrTail: string) => void,
  logFile?: string,
): SupervisedChild {
  let current: ManagedProcess | undefined;
  let wanted = false;
  let closed = false;
  let unexpected = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const start = () => {
    if (closed || current) return;
    wanted = true;
    const proc = startManagedProcess(name, process.execPath, [entry], {
      env,
      ...(logFile !== undefined ? { logFile } : {}),
    });
    current = proc;
    void proc.exited.then((code) => {
      if (current === proc) current = undefined;
      if (!wanted || closed) return;
      unexpected += 1;
      onUnexpectedExit(name, code, proc.stderrTail());
      restartTimer = setTimeout(start, RESTART_PAUSE_MS);
    });
  };

  const halt = async (how: (proc: ManagedProcess) => Promise<void>) => {
    wanted = false;
    clearTimeout(restartTimer);
    const proc = current;
    if (proc) await how(proc);
    current = undefined;
  };

  return {
    name,
    unexpectedExits: () => unexpected,
    kill: () =>
      halt(async (proc) => {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }),
    stop: () => halt((proc) => proc.stop(15_000)),
    start,
    async close() {
      closed = true;
      await halt((proc) => proc.stop(10_000));
    },
    stderrTail: () => current?.stderrTail() ?? '',
  };
}
