/**
 * Starts the Arlo simulator as a child process (./simulator-process.ts) and talks to it over HTTP only:
 * the Auth API for arlo-sync, the control API for the benchmark. Its process ID is there for CPU
 * accounting (./process-cpu.ts).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { SimulatorControlClient } from '../simulator';
import type { SimulatorProcessReady } from './simulator-process';

export interface SimulatorProcess extends SimulatorProcessReady {
  readonly control: SimulatorControlClient;
  readonly pid: number;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export async function startSimulatorProcess(platform: string): Promise<SimulatorProcess> {
  const script = path.join(__dirname, 'simulator-process.js');
  if (!__filename.endsWith('.js')) {
    throw new Error(
      'the simulator process runs from the compiled bench: `npm run build`, then the dist/ file',
    );
  }
  const child = spawn(process.execPath, [script, platform], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    child.stdin?.end();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const ready = await new Promise<SimulatorProcessReady>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the simulator process did not start in 30 s')),
        START_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout }).once('line', (line) => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as SimulatorProcessReady);
      });
      void exited.then(() => reject(new Error('the simulator process exited before it was ready')));
    });
    return { ...ready, control: new SimulatorControlClient(ready.controlUrl), pid: child.pid ?? 0, close };
  } catch (error) {
    await close();
    throw error;
  }
}
