/**
 * Waits until a worker started as a child process polls both its task queues, as Temporal itself lists
 * its pollers (the SDK names a worker `<pid>@<host>`), and fails at once, with the dead process's last
 * lines, when one of the processes it depends on exits during start-up. Read from Temporal rather than
 * from the worker's log, which `LOG_LEVEL` may silence.
 */
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';

import type { Client } from '@temporalio/client';

import { workerPollers, type WorkerQueues } from '../temporal/worker-pollers';
import type { ManagedProcess } from './managed-process';

/** A worker without a current prebuilt bundle bundles its workflow code first: 10 s and more when loaded. */
const START_TIMEOUT_MS = 180_000;

/** Waits for the child named `worker` among `children`, which are all watched for an early exit. */
export async function waitForWorker(
  client: Client,
  queues: WorkerQueues,
  children: readonly ManagedProcess[],
): Promise<void> {
  const worker = children.find((child) => child.name === 'worker');
  if (worker === undefined) throw new Error('no worker process was started');
  const identity = `${worker.child.pid}@${hostname()}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const dead = children.find((child) => child.child.exitCode !== null);
    if (dead) throw new Error(`the ${dead.name} exited during start-up:\n${dead.stderrTail()}`);
    // Temporal not answering yet counts as not polled.
    const pollers = await workerPollers(client, queues).catch(() => undefined);
    if (pollers?.every((identities) => identities.has(identity))) return;
    await delay(250);
  }
  throw new Error(
    `the worker did not poll its task queues within ${START_TIMEOUT_MS / 1000} s:\n${worker.stderrTail()}`,
  );
}
