/**
 * CPU time (user + system) of the processes a benchmark runs on this machine, so a figure can say which
 * process a record costs the most: this process through `process.cpuUsage()`, any other by its
 * `/proc/<pid>/stat` (Linux; fields 14 and 15, in clock ticks of 1/100 s), and this process's child
 * processes found by their parent ID and named by their command line.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) the process has used so far, or undefined when it is gone. */
export function cpuMillisecondsOf(pid: number): number | undefined {
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** This process's children whose command line matches, e.g. /temporal/ for the Temporal dev server. */
export function childProcessIds(commandLine: RegExp): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => parentOf(pid) === process.pid && commandLine.test(commandLineOf(pid)));
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Named processes' CPU time at one moment; `since` gives each one's milliseconds between two samples. */
export class CpuSample {
  private constructor(private readonly byName: ReadonlyMap<string, number | undefined>) {}

  static take(processes: Readonly<Record<string, readonly number[]>>): CpuSample {
    const byName = new Map<string, number | undefined>();
    for (const [name, pids] of Object.entries(processes)) {
      const each = pids.map(cpuMillisecondsOf);
      byName.set(name, each.some((ms) => ms === undefined) || pids.length === 0 ? undefined : sum(each));
    }
    return new CpuSample(byName);
  }

  /** Milliseconds per process name since `earlier`; undefined where a process was not found. */
  since(earlier: CpuSample): Record<string, number | undefined> {
    return Object.fromEntries(
      [...this.byName].map(([name, ms]) => {
        const before = earlier.byName.get(name);
        return [name, ms === undefined || before === undefined ? undefined : ms - before];
      }),
    );
  }
}

function sum(values: readonly (number | undefined)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}
