/**
 * Waits until a receiver started as a child process answers its health check, and fails at once, with
 * the dead process's last lines, when one of the processes it depends on exits during start-up.
 */
import type { ManagedProcess } from './managed-process';

const START_TIMEOUT_MS = 60_000;

export async function waitForReceiver(healthUrl: string, children: readonly ManagedProcess[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const dead = children.find((child) => child.child.exitCode !== null);
    if (dead) throw new Error(`the ${dead.name} exited during start-up:\n${dead.stderrTail()}`);
    const ok = await fetch(healthUrl).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the receiver did not answer ${healthUrl} within 60 s`);
}
