/**
 * What `arlo-sync up` started, written down under the data folder the moment it starts it
 * (`up-processes.json`), so that the next `up` can stop what a killed one left running. `up` stops its
 * processes itself on Ctrl-C, SIGTERM, a closed terminal or an error; only a SIGKILL (kill -9, the
 * out-of-memory killer, an IDE's hard stop) ends it without that, and its processes run in process
 * groups of their own (./managed-process.ts), so nothing else stops them: the Temporal server and
 * FerretDB would hold their ports and refuse the next `npm start`, and the old worker and receiver
 * would keep working beside the new ones.
 *
 * A recorded process is stopped only while its command line is still the one recorded: a pid the
 * system gave to another program since is left alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { STOP_GRACE_MS, type SpawnedProcess } from './managed-process';
import { isProcessAlive } from './process-liveness';

export const UP_PROCESSES_FILE = 'up-processes.json';
/** How long a SIGKILLed process is given to end. */
const KILL_WAIT_MS = 10_000;

export interface RecordedProcess {
  readonly name: string;
  readonly pid: number;
  /** Its arguments joined by spaces, as the system reports them (the first being the program). */
  readonly commandLine: string;
}

interface UpProcessesFile {
  readonly version: 1;
  /** The `arlo-sync up` that started them. */
  readonly up: RecordedProcess;
  readonly processes: readonly RecordedProcess[];
}

export type LeftoverCheck =
  /** No record, or one whose processes have all ended. */
  | { readonly kind: 'none' }
  /** The `up` that wrote the record is still running: this folder's stack is in use. */
  | { readonly kind: 'running'; readonly up: RecordedProcess }
  | {
      readonly kind: 'stopped';
      /** The `up` that was killed. */
      readonly up: RecordedProcess;
      /** Its processes that were still running, now stopped, in the order they were stopped. */
      readonly stopped: readonly RecordedProcess[];
      /** Running under a recorded pid, but whether it is the recorded program could not be told. */
      readonly unverified: readonly RecordedProcess[];
    };

export function upProcessesPath(dataDir: string): string {
  return path.join(dataDir, UP_PROCESSES_FILE);
}

/** The record of this `up`: begun empty, a line added for each process it spawns, removed on a clean stop. */
export class UpProcessRecord {
  private readonly processes: RecordedProcess[] = [];

  private constructor(
    private readonly file: string,
    private readonly up: RecordedProcess,
  ) {}

  static begin(dataDir: string): UpProcessRecord {
    mkdirSync(dataDir, { recursive: true });
    const up = { name: 'arlo-sync up', pid: process.pid, commandLine: commandLineOf(process.pid) ?? '' };
    const record = new UpProcessRecord(upProcessesPath(dataDir), up);
    record.write();
    return record;
  }

  /** Written synchronously, before the spawner's next step: a SIGKILL right after the spawn finds it. */
  add(spawned: SpawnedProcess): void {
    this.processes.push({
      name: spawned.name,
      pid: spawned.pid,
      commandLine: [spawned.command, ...spawned.args].join(' '),
    });
    this.write();
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }

  private write(): void {
    const content: UpProcessesFile = { version: 1, up: this.up, processes: this.processes };
    const partial = `${this.file}.${process.pid}.partial`;
    writeFileSync(partial, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(partial, this.file);
  }
}

/**
 * Reads the record a previous `up` of `dataDir` left. When that `up` is gone, stops each of its processes
 * still running (the last started first: the receiver and the worker before the servers they use), each
 * with SIGTERM and, after `graceMs`, SIGKILL; then removes the record.
 */
export async function stopLeftoverProcesses(
  dataDir: string,
  options: {
    readonly graceMs?: number;
    /** Told what will be stopped before the first signal: stopping can take a grace period each. */
    readonly onStopping?: (up: RecordedProcess, processes: readonly RecordedProcess[]) => void;
  } = {},
): Promise<LeftoverCheck> {
  const file = upProcessesPath(dataDir);
  const record = readRecord(file);
  if (record === undefined) return { kind: 'none' };
  if (isStillRunning(record.up) === true) return { kind: 'running', up: record.up };
  const running: RecordedProcess[] = [];
  const unverified: RecordedProcess[] = [];
  for (const recorded of [...record.processes].reverse()) {
    const state = isStillRunning(recorded);
    if (state === true) running.push(recorded);
    if (state === undefined) unverified.push(recorded);
  }
  if (running.length > 0) options.onStopping?.(record.up, running);
  for (const recorded of running) await stopProcess(recorded.pid, options.graceMs ?? STOP_GRACE_MS);
  rmSync(file, { force: true });
  return running.length + unverified.length === 0
    ? { kind: 'none' }
    : { kind: 'stopped', up: record.up, stopped: running, unverified };
}

/** Whether the `up` with this pid left its record: it did not stop its processes (a clean stop removes it). */
export function leftARecord(dataDir: string, upPid: number): boolean {
  return readRecord(upProcessesPath(dataDir))?.up.pid === upPid;
}

/** What `up` says about a previous run's leftovers, or why it cannot start; undefined: nothing to say. */
export function describeLeftovers(check: LeftoverCheck, dataDir: string): string | undefined {
  const list = (processes: readonly RecordedProcess[]) =>
    processes.map((p) => `${p.name} (pid ${p.pid})`).join(', ');
  switch (check.kind) {
    case 'none':
      return undefined;
    case 'running':
      return (
        `another \`arlo-sync up\` (pid ${check.up.pid}) is running with the data folder ${dataDir}. ` +
        'Use its stack from this terminal (`npx arlo-sync local-stack` shows it), or stop it first ' +
        '(Ctrl-C in its terminal).'
      );
    case 'stopped':
      return [
        `A previous \`arlo-sync up\` (pid ${check.up.pid}) ended without stopping what it started.`,
        ...(check.stopped.length > 0 ? [`Stopped what it left running: ${list(check.stopped)}.`] : []),
        ...(check.unverified.length > 0
          ? [
              `Left alone, as this system cannot show whether they are still its processes: ` +
                `${list(check.unverified)}. If a port is in use below, stop them.`,
            ]
          : []),
      ].join('\n');
  }
}

function readRecord(file: string): UpProcessesFile | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // None, or not readable: nothing can be stopped safely from it.
    return undefined;
  }
  const record = parsed as Partial<UpProcessesFile>;
  if (record.version !== 1 || !isRecorded(record.up) || !Array.isArray(record.processes)) return undefined;
  return { version: 1, up: record.up, processes: record.processes.filter(isRecorded) };
}

function isRecorded(value: unknown): value is RecordedProcess {
  const p = value as Partial<RecordedProcess> | undefined;
  return (
    typeof p?.name === 'string' &&
    Number.isInteger(p.pid) &&
    (p.pid as number) > 0 &&
    typeof p.commandLine === 'string'
  );
}

/** True: running with the recorded command line; false: gone or another program; undefined: cannot tell. */
function isStillRunning(recorded: RecordedProcess): boolean | undefined {
  if (!isProcessAlive(recorded.pid)) return false;
  const now = commandLineOf(recorded.pid);
  if (now === undefined || recorded.commandLine === '') return undefined;
  return now === recorded.commandLine;
}

/** Linux: /proc; elsewhere `ps` (macOS). Undefined when neither answers (or the process is gone). */
export function commandLineOf(pid: number): string | undefined {
  try {
    // Each argument ends with a NUL.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '').split('\0').join(' ');
  } catch {
    try {
      const shown = execFileSync('ps', ['-p', String(pid), '-o', 'command='], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      return shown === '' ? undefined : shown;
    } catch {
      return undefined;
    }
  }
}

async function stopProcess(pid: number, graceMs: number): Promise<void> {
  signal(pid, 'SIGTERM');
  if (await exitsWithin(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  // Cannot be refused, but a process of many threads on a busy machine takes a moment to end them all
  // (and holds its ports until then); one still alive after this shows in the port check that follows.
  await exitsWithin(pid, KILL_WAIT_MS);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone meanwhile.
  }
}

async function exitsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
