/**
 * What a killed `arlo-sync up` left running, stopped by the next one (src/devstack/leftover-processes.ts),
 * with real processes: `sleep`s in process groups of their own stand for the servers, as `up` spawns them.
 * Only processes still running the recorded command line are touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  commandLineOf,
  describeLeftovers,
  stopLeftoverProcesses,
  upProcessesPath,
  UpProcessRecord,
  type RecordedProcess,
} from '../../../src/devstack/leftover-processes';

const started: ChildProcess[] = [];
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'arlo-sync-leftovers-'));
});

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** A long-running process in a group of its own, as `up` starts its servers. */
function startLeftover(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  started.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The pid of a process that has ended: a killed `up`. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await exited(child);
  return child.pid as number;
}

function recorded(name: string, child: ChildProcess, commandLine?: string): RecordedProcess {
  return {
    name,
    pid: child.pid as number,
    commandLine: commandLine ?? child.spawnargs.join(' '),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function writeRecord(up: RecordedProcess, processes: RecordedProcess[]): void {
  writeFileSync(upProcessesPath(dataDir), JSON.stringify({ version: 1, up, processes }));
}

describe('UpProcessRecord', () => {
  it('writes this process as the up, adds each spawned process at once, and is removed on a clean stop', () => {
    const record = UpProcessRecord.begin(dataDir);
    const read = () => JSON.parse(readFileSync(upProcessesPath(dataDir), 'utf8')) as { processes: unknown };
    expect(read()).toEqual({
      version: 1,
      up: { name: 'arlo-sync up', pid: process.pid, commandLine: commandLineOf(process.pid) },
      processes: [],
    });
    record.add({ name: 'temporal', pid: 4242, command: '/tools/temporal', args: ['server', 'start-dev'] });
    expect(read().processes).toEqual([
      { name: 'temporal', pid: 4242, commandLine: '/tools/temporal server start-dev' },
    ]);
    record.remove();
    expect(existsSync(upProcessesPath(dataDir))).toBe(false);
  });
});

describe('stopLeftoverProcesses', () => {
  it('finds nothing to do without a record', async () => {
    await expect(stopLeftoverProcesses(dataDir)).resolves.toEqual({ kind: 'none' });
  });

  it("stops a killed up's processes still running, the last started first, and removes the record", async () => {
    const server = startLeftover('sleep', ['60']);
    const worker = startLeftover('sleep', ['61']);
    const up = { name: 'arlo-sync up', pid: await deadPid(), commandLine: 'node cli.js up' };
    writeRecord(up, [recorded('temporal', server), recorded('worker', worker)]);
    const told: string[] = [];
    // Told before any of them is signalled: both still run then.
    const onStopping = (killed: RecordedProcess, processes: readonly RecordedProcess[]) =>
      told.push(`${killed.pid}: ${processes.map((p) => `${p.name} ${p.pid} ${isAlive(p.pid)}`).join(', ')}`);

    const check = await stopLeftoverProcesses(dataDir, { graceMs: 2_000, onStopping });

    expect(check).toEqual({
      kind: 'stopped',
      up,
      stopped: [recorded('worker', worker), recorded('temporal', server)],
      unverified: [],
    });
    expect(told).toEqual([`${up.pid}: worker ${worker.pid} true, temporal ${server.pid} true`]);
    await Promise.all([exited(server), exited(worker)]);
    expect(server.signalCode).toBe('SIGTERM');
    expect(existsSync(upProcessesPath(dataDir))).toBe(false);
  });

  it('SIGKILLs a leftover that does not stop within the grace', async () => {
    const stubborn = startLeftover('sh', ['-c', 'trap "" TERM; while true; do sleep 1; done']);
    await new Promise((resolve) => setTimeout(resolve, 200)); // The trap is set.
    writeRecord({ name: 'arlo-sync up', pid: await deadPid(), commandLine: 'up' }, [
      recorded('ferretdb', stubborn),
    ]);

    const check = await stopLeftoverProcesses(dataDir, { graceMs: 300 });

    expect(check).toMatchObject({ kind: 'stopped', stopped: [{ name: 'ferretdb' }] });
    await exited(stubborn);
    expect(stubborn.signalCode).toBe('SIGKILL');
  });

  it('leaves alone a recorded pid that now runs another program', async () => {
    const other = startLeftover('sleep', ['62']);
    writeRecord({ name: 'arlo-sync up', pid: await deadPid(), commandLine: 'up' }, [
      recorded('temporal', other, '/tools/temporal server start-dev'),
    ]);

    await expect(stopLeftoverProcesses(dataDir, { graceMs: 300 })).resolves.toEqual({ kind: 'none' });
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
    expect(existsSync(upProcessesPath(dataDir))).toBe(false);
  });

  it('touches nothing while the up that wrote the record still runs', async () => {
    const server = startLeftover('sleep', ['63']);
    const record = UpProcessRecord.begin(dataDir); // This process is that up.
    record.add({ name: 'temporal', pid: server.pid as number, command: 'sleep', args: ['63'] });

    const check = await stopLeftoverProcesses(dataDir, { graceMs: 300 });

    expect(check).toMatchObject({ kind: 'running', up: { pid: process.pid } });
    expect(server.exitCode).toBeNull();
    expect(existsSync(upProcessesPath(dataDir))).toBe(true);
  });

  it('reads an unreadable record as none, and removes nothing it cannot trust', async () => {
    writeFileSync(upProcessesPath(dataDir), '{"version": 1, "up": ');
    await expect(stopLeftoverProcesses(dataDir)).resolves.toEqual({ kind: 'none' });
  });
});

describe('describeLeftovers', () => {
  const up = { name: 'arlo-sync up', pid: 100, commandLine: 'up' };
  const temporal = { name: 'temporal', pid: 101, commandLine: 't' };
  const worker = { name: 'worker', pid: 102, commandLine: 'w' };

  it('says nothing when there was nothing', () => {
    expect(describeLeftovers({ kind: 'none' }, '.data')).toBeUndefined();
  });

  it('says which up still runs the folder and what to do instead', () => {
    expect(describeLeftovers({ kind: 'running', up }, '.data')).toBe(
      'another `arlo-sync up` (pid 100) is running with the data folder .data. Use its stack from this ' +
        'terminal (`npx arlo-sync local-stack` shows it), or stop it first (Ctrl-C in its terminal).',
    );
  });

  it('names what it stopped, and what it could not verify', () => {
    expect(
      describeLeftovers({ kind: 'stopped', up, stopped: [worker], unverified: [temporal] }, '.data'),
    ).toBe(
      'A previous `arlo-sync up` (pid 100) ended without stopping what it started.\n' +
        'Stopped what it left running: worker (pid 102).\n' +
        'Left alone, as this system cannot show whether they are still its processes: temporal (pid 101). ' +
        'If a port is in use below, stop them.',
    );
  });
});
