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
    // "pid (name) S ...": the state follows the name's closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.lastIndexOf(')') + 2;
    return stat.slice(state, state + 1) === 'Z';
  } catch {
    return false; // No /proc (macOS): kill(pid, 0) has answered.
  }
}
