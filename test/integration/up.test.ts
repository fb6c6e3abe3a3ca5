/**
 * The README's run command, end to end: `arlo-sync up` on embedded defaults brings up Temporal with its
 * Web UI, the MongoDB-protocol store, the worker and the receiver, prints where each is, and on Ctrl-C
 * stops everything it started: no process is left behind, and the worker and the receiver finish what
 * they were doing. Ctrl-C is sent as a terminal sends it, SIGINT to every process of the foreground
 * group; `up`'s own processes run in groups of their own and are stopped by it, in order.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { isPortInUse } from '../../src/devstack/free-port';
import { freeUpPorts, startUp, type RunningUp, type UpPorts } from '../helpers/up-process';

const run = promisify(execFile);

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

/** Every `up` a test started; one a failed test left running is killed with all it started. */
const started: ChildProcess[] = [];

/** `up` as a terminal's foreground job, in a data folder of the test's. */
async function startUpInTerminal(ports: UpPorts): Promise<RunningUp> {
  const up = await startUp(dataDir, ports, { timeoutMs: 90_000, foregroundJob: true });
  started.push(up.child);
  return up;
}
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
    const ports = await freeUpPorts();
    const up = await startUpInTerminal(ports);
    const { banner, exited } = up;
    const pid = up.child.pid!;

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
    expectGracefulStop(up.output());
  });

  it('stops everything it started, in order, when its terminal is closed (SIGHUP)', async () => {
    const up = await startUpInTerminal(await freeUpPorts());
    const { exited } = up;
    const pid = up.child.pid!;
    const processes = await descendants(pid);
    expect(processes.length).toBeGreaterThanOrEqual(4);

    process.kill(-pid, 'SIGHUP');
    expect(await exited).toBe(0);
    expect(processes.filter(alive)).toEqual([]);
    expectGracefulStop(up.output());
  });

  it('after a SIGKILL, the next up stops what the killed one left running, and then runs', async () => {
    const ports = await freeUpPorts();
    const killed = await startUpInTerminal(ports);
    const leftovers = await descendants(killed.child.pid!);
    expect(leftovers.length).toBeGreaterThanOrEqual(4);
    try {
      killed.child.kill('SIGKILL'); // No chance to stop anything: its servers live on, holding their ports.
      await killed.exited;
      expect(leftovers.filter(alive)).toEqual(leftovers);

      const next = await startUpInTerminal(ports);
      expect(next.banner).toContain(
        `Stopping what the killed \`arlo-sync up\` (pid ${killed.child.pid}) left running: receiver, worker, ferretdb, temporal...`,
      );
      expect(next.banner).toContain(
        `A previous \`arlo-sync up\` (pid ${killed.child.pid}) ended without stopping what it started.`,
      );
      expect(next.banner).toMatch(
        /Stopped what it left running: receiver \(pid \d+\), worker \(pid \d+\), ferretdb \(pid \d+\), temporal \(pid \d+\)\./,
      );
      expect(leftovers.filter(alive)).toEqual([]);

      // A third, while the second runs, leaves it alone and says why.
      await expect(startUp(dataDir, ports, { timeoutMs: 60_000 })).rejects.toThrow(
        `another \`arlo-sync up\` (pid ${next.child.pid}) is running with the data folder`,
      );
      const processes = await descendants(next.child.pid!);
      expect(processes.filter(alive)).toEqual(processes);

      process.kill(-next.child.pid!, 'SIGINT');
      expect(await next.exited).toBe(0);
      expect(processes.filter(alive)).toEqual([]);
    } finally {
      for (const pid of leftovers.filter(alive)) process.kill(pid, 'SIGKILL');
    }
  });

  it('starts nothing when a port it needs is taken, and names the port and the variable that moves it', async () => {
    const ports = await freeUpPorts();
    const other = createServer(); // Another program on the receiver's port (a web app's dev server).
    await new Promise<void>((resolve) => other.listen(ports.RECEIVER_PORT, '127.0.0.1', resolve));
    try {
      await expect(startUp(dataDir, ports, { timeoutMs: 60_000 })).rejects.toThrow(
        `Port ${ports.RECEIVER_PORT} on 127.0.0.1 (the webhook receiver) is already in use. Stop what uses ` +
          'it, or set RECEIVER_PORT to another port.',
      );
      expect(await isPortInUse(ports.ARLO_SYNC_DEV_TEMPORAL_PORT)).toBe(false);
      expect(await isPortInUse(ports.ARLO_SYNC_DEV_MONGODB_PORT)).toBe(false);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
