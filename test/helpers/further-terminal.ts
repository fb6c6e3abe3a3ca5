/**
 * A long-running command started as a user starts it in a further terminal next to `arlo-sync up`
 * (`npx arlo-sync worker`, `npx arlo-sync server`), and stopped as they stop it: Ctrl-C, which the
 * terminal sends to the whole foreground process group (npx passes no signal on to its child).
 */
import { spawn } from 'node:child_process';

import { ROOT } from './up-process';

const STOP_GRACE_MS = 60_000;

export interface FurtherTerminal {
  readonly pid: number;
  /** Everything the command has written so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout contains `text`; throws with the output so far if the command exits or time runs out. */
  waitForStdout(text: string, timeoutMs: number): Promise<void>;
  /** Ctrl-C to the group; a group still running after the grace is killed. Resolves whether it stopped by itself. */
  interrupt(): Promise<boolean>;
}

export function startInFurtherTerminal(command: string, env: NodeJS.ProcessEnv): FurtherTerminal {
  const child = spawn('bash', ['-c', `exec ${command}`], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid!;
  return {
    pid,
    output: () => ({ stdout, stderr }),
    async waitForStdout(text, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes(text)) {
        if (child.exitCode !== null || Date.now() > deadline) {
          const why =
            child.exitCode !== null ? `exited with ${child.exitCode}` : `not within ${timeoutMs} ms`;
          throw new Error(`\`${command}\` never wrote ${text} (${why}):\n${stdout}\n${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async interrupt() {
      if (child.exitCode !== null || child.signalCode !== null) return true;
      process.kill(-pid, 'SIGINT');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_GRACE_MS)),
      ]);
      if (!stopped) process.kill(-pid, 'SIGKILL');
      return stopped;
    },
  };
}
