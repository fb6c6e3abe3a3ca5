/**
 * Whether a process of the local stack (an `arlo-sync up`, or a server it started) still runs, by pid:
 * the state file (./local-stack-state.ts) and the record of what `up` started (./leftover-processes.ts)
 * both ask.
 */
import { readFileSync } from 'node:fs';

/** Exists and has not exited; EPERM means it exists but belongs to someone else, so it runs. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * Exited but not yet collected by its parent. An orphan's parent is gone, and where the system's first
 * process does not collect orphans (some containers) an exited one stays a zombie for good.
 */
function isZombie(pid: number): boolean {
  try {
    return isExitedZombie(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false; // No /proc (macOS): kill(pid, 0) has answered.
  }
}

/**
 * From `/proc/<pid>/status`: the process is a zombie and none of its threads runs any more. A
 * multi-threaded process (the Temporal server) shows its first thread as a zombie while its other threads
 * are still exiting, and until the last has, the process still holds its files and listening ports: a
 * port check right after stopping it can find them taken (as `up`'s did once in CI).
 */
export function isExitedZombie(status: string): boolean {
  const state = /^State:\s*(\S)/m.exec(status)?.[1];
  const threads = Number(/^Threads:\s*(\d+)/m.exec(status)?.[1] ?? '1');
  return state === 'Z' && threads <= 1;
}
