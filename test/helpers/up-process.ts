/**
 * `arlo-sync up` as a user runs it: the compiled CLI (dist/, built by the global setup) as a child
 * process on free ports in a data folder of the test's, read by its banner, stopped with SIGINT. And
 * shell commands as a user types them in a second terminal next to it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

import { freeStablePort } from './stable-ports';
import { testConfig } from './test-stack';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '../..');

export interface UpPorts {
  readonly ARLO_SYNC_DEV_TEMPORAL_PORT: number;
  readonly ARLO_SYNC_DEV_TEMPORAL_UI_PORT: number;
  readonly ARLO_SYNC_DEV_MONGODB_PORT: number;
  readonly RECEIVER_PORT: number;
  readonly SIMULATOR_PORT: number;
  readonly SIMULATOR_CONTROL_PORT: number;
  readonly WORKER_METRICS_PORT: number;
}

/** Free ports for `up`, from the range no outgoing connection is given (./stable-ports.ts). */
export async function freeUpPorts(): Promise<UpPorts> {
  const taken = new Set<number>();
  const pick = () => freeStablePort(taken);
  return {
    ARLO_SYNC_DEV_TEMPORAL_PORT: await pick(),
    ARLO_SYNC_DEV_TEMPORAL_UI_PORT: await pick(),
    ARLO_SYNC_DEV_MONGODB_PORT: await pick(),
    RECEIVER_PORT: await pick(),
    SIMULATOR_PORT: await pick(),
    SIMULATOR_CONTROL_PORT: await pick(),
    WORKER_METRICS_PORT: await pick(),
  };
}

/** A clean environment, as a user's shell has: none of the test harness's servers leak in. */
export function userEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    ARLO_SYNC_DATA_DIR: dataDir,
    ...extra,
  };
}

export interface RunningUp {
  readonly child: ChildProcess;
  readonly banner: string;
  readonly exited: Promise<number | null>;
  /** Everything it wrote so far, for failure messages. */
  output(): string;
  /** SIGINT, as Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface StartUpOptions {
  readonly timeoutMs?: number;
  /**
   * In a process group of its own, as a terminal runs its foreground job, so a test can signal the whole
   * group as the terminal does (`process.kill(-pid, …)`).
   */
  readonly foregroundJob?: boolean;
}

export async function startUp(
  dataDir: string,
  ports: UpPorts,
  { timeoutMs = 240_000, foregroundJob = false }: StartUpOptions = {},
): Promise<RunningUp> {
  const env = userEnv(dataDir, {
    ARLO_SYNC_TOOLS_DIR: testConfig().toolsDir,
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
  });
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli.js'), 'up'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: foregroundJob,
  });
  const lines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => lines.join('\n');
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no banner in ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    const bannerLines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      bannerLines.push(line);
      if (line.startsWith('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve(bannerLines.join('\n'));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`up exited early (${code}):\n${output()}`));
    });
  });
  return {
    child,
    banner,
    exited,
    output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

export interface ShellResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `script` with bash in the repository folder, stopping at the first failing command. */
export function runShell(script: string, env: NodeJS.ProcessEnv): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The process under `pid` whose command line contains `needle` (e.g. the receiver of an `up`). */
export async function findDescendant(pid: number, needle: string): Promise<number | undefined> {
  return (await descendantsOf(pid)).find((row) => row.args.includes(needle))?.pid;
}

/** Every process under `pid` (children, their children, ...), with its command line. */
export async function descendantsOf(pid: number): Promise<{ pid: number; args: string }[]> {
  const { stdout } = await run('ps', ['-e', '-o', 'pid=,ppid=,args=']);
  const rows = stdout
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] ?? '' }));
  const below = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (below.has(row.ppid) && !below.has(row.pid)) {
        below.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => row.pid !== pid && below.has(row.pid));
}
