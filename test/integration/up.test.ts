/**
 * The README's run command, end to end: `arlo-sync up` on embedded defaults brings up Temporal with its
 * Web UI, the MongoDB-protocol store, the worker and the receiver, prints where each is, and on Ctrl-C
 * stops everything it started: no process is left behind, and the worker and the receiver finish what
 * they were doing. Ctrl-C is sent as a terminal sends it, SIGINT to every process of the foreground
 * group (`up` and its children alike), after which `up` also stops each child with SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

import { freeUpPorts } from '../helpers/up-process';
import { testConfig } from '../helpers/test-stack';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

let dataDir: string;
beforeAll(async () => {
  // The command runs compiled code, exactly as `npm start` does (dist/ is built by the global setup).
  dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-up-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

function descendants(pid: number): Promise<number[]> {
  return run('ps', ['-e', '-o', 'pid=,ppid=']).then(({ stdout }) => {
    const children = new Map<number, number[]>();
    for (const line of stdout.trim().split('\n')) {
      const [child, parent] = line.trim().split(/\s+/).map(Number);
      if (child !== undefined && parent !== undefined)
        children.set(parent, [...(children.get(parent) ?? []), child]);
    }
    const found: number[] = [];
    const visit = (p: number) => {
      for (const c of children.get(p) ?? []) {
        found.push(c);
        visit(c);
      }
    };
    visit(pid);
    return found;
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface RunningUp {
  readonly pid: number;
  readonly ports: Awaited<ReturnType<typeof freeUpPorts>>;
  readonly banner: string;
  readonly exited: Promise<number | null>;
  /** Everything it wrote so far. */
  readonly said: () => string;
}

/** `up` as a terminal's foreground job: a process group of its own, which the terminal signals whole. */
async function startUpInTerminal(): Promise<RunningUp> {
  const ports = await freeUpPorts();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'info', // the worker's and the receiver's "stopped" lines
    ARLO_SYNC_DATA_DIR: dataDir,
    ARLO_SYNC_TOOLS_DIR: testConfig().toolsDir,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'dist/src/cli.js'), 'up'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(child);
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const banner = await new Promise<string>((resolve, reject) => {
    const lines: string[] = [];
    const timer = setTimeout(() => reject(new Error(`no banner in 90 s:\n${output.join('\n')}`)), 90_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      lines.push(line);
      if (line.startsWith('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve(lines.join('\n'));
      }
    });
    void exited.then((code) => reject(new Error(`up exited early (${code}):\n${output.join('\n')}`)));
  });
  return { pid: child.pid!, ports, banner, exited, said: () => output.join('\n') };
}

/** Every `up` a test started; one a failed test left running is killed with all it started. */
const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    for (const pid of [...(await descendants(child.pid!)), child.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
});

/** Each child stopped in order, while what it needs still runs: both say they finished. */
function expectGracefulStop(said: string): void {
  expect(said).toContain('receiver stopped');
  expect(said).toContain('worker stopped');
  expect(said).not.toMatch(/without waiting/);
}

describe('arlo-sync up', () => {
  it('runs the stack, serves the Temporal Web UI and stops gracefully, leaving nothing behind, on Ctrl-C', async () => {
    const { pid, ports, banner, exited, said } = await startUpInTerminal();

    const uiUrl = /Temporal Web UI\s+(http:\/\/\S+)/.exec(banner)?.[1];
    expect(uiUrl).toBe(`http://127.0.0.1:${ports.ARLO_SYNC_DEV_TEMPORAL_UI_PORT}`);
    const ui = await fetch(uiUrl!);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/<html/i);
    expect(banner).toContain(`http://127.0.0.1:${ports.RECEIVER_PORT}/webhooks/arlo`);
    expect(banner).toMatch(/MongoDB\s+mongodb:\/\/127\.0\.0\.1:\d+/);

    // The demo's change feed answers the consumer token printed for it.
    const token = /demo consumer token (\S+)\)/.exec(banner)?.[1];
    const feed = await fetch(`http://127.0.0.1:${ports.RECEIVER_PORT}/changes?limit=5`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(feed.status).toBe(200);
    expect(await feed.json()).toMatchObject({
      platform: 'demo.arlo.co',
      next: expect.any(String) as unknown,
    });

    const processes = await descendants(pid);
    expect(processes.length).toBeGreaterThanOrEqual(4); // Temporal, FerretDB, worker, receiver

    process.kill(-pid, 'SIGINT'); // Ctrl-C: the terminal signals its foreground group
    expect(await exited).toBe(0);
    expect(processes.filter(alive)).toEqual([]);
    expectGracefulStop(said());
  });

  it('stops everything it started, in order, when its terminal is closed (SIGHUP)', async () => {
    const { pid, exited, said } = await startUpInTerminal();
    const processes = await descendants(pid);
    expect(processes.length).toBeGreaterThanOrEqual(4);

    process.kill(-pid, 'SIGHUP');
    expect(await exited).toBe(0);
    expect(processes.filter(alive)).toEqual([]);
    expectGracefulStop(said());
  });
});
