/**
 * The receiver as a process of its own (dist/src/server.js), as in production, where receivers and
 * workers are separate processes: a benchmark then measures the callback acknowledgement without the
 * worker's activities on the same event loop, and reports the receiver's CPU apart.
 */
import path from 'node:path';

import { childProcessEnv } from '../config/child-process-env';
import { findFreePort } from '../devstack/free-port';
import { startManagedProcess } from '../devstack/managed-process';
import { waitForReceiver } from '../devstack/wait-for-receiver';

export interface ReceiverProcess {
  readonly url: string;
  readonly pid: number;
  close(): Promise<void>;
}

export async function startReceiverProcess(env: Readonly<Record<string, string>>): Promise<ReceiverProcess> {
  if (!__filename.endsWith('.js')) {
    throw new Error(
      'the receiver process runs from the compiled bench: `npm run build`, then the dist/ file',
    );
  }
  const port = await findFreePort();
  const receiver = startManagedProcess(
    'receiver',
    process.execPath,
    [path.join(__dirname, '..', 'server.js')],
    {
      env: childProcessEnv({ ...env, RECEIVER_HOST: '127.0.0.1', RECEIVER_PORT: String(port) }),
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForReceiver(`${url}/healthz`, [receiver]);
  } catch (error) {
    await receiver.stop();
    throw error;
  }
  return { url, pid: receiver.child.pid ?? 0, close: () => receiver.stop() };
}
