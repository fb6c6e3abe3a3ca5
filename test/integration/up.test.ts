/**
 * The README's run command, end to end: `arlo-sync up` on embedded defaults brings up Temporal with its
 * Web UI, the MongoDB-protocol store, the worker and the receiver, prints where each is, and on Ctrl-C
 * (SIGINT) stops everything it started: no process is left behind.
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

describe('arlo-sync up', () => {
  it('runs the stack, serves the Temporal Web UI and leaves nothing behind on Ctrl-C', async () => {
    const ports = await freeUpPorts();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      ARLO_SYNC_DATA_DIR: dataDir,
      ARLO_SYNC_TOOLS_DIR: testConfig().toolsDir,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };
    const child: ChildProcess = spawn(process.execPath, [path.join(root, 'dist/src/cli.js'), 'up'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        const lines: string[] = [];
        const timer = setTimeout(
          () => reject(new Error(`no banner in 90 s:\n${[...lines, ...output].join('\n')}`)),
          90_000,
        );
        createInterface({ input: child.stdout! }).on('line', (line) => {
          lines.push(line);
          if (line.startsWith('Press Ctrl-C')) {
            clearTimeout(timer);
            resolve(lines.join('\n'));
          }
        });
        void exited.then((code) =>
          reject(new Error(`up exited early (${code}):\n${[...lines, ...output].join('\n')}`)),
        );
      });

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

      const started = await descendants(child.pid!);
      expect(started.length).toBeGreaterThanOrEqual(4); // Temporal, FerretDB, worker, receiver

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(started.filter(alive)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
