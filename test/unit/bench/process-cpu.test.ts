/**
 * The bulk benchmark's CPU accounting (src/bench/process-cpu.ts) reads real processes: this one through
 * process.cpuUsage, a child through /proc/<pid>/stat, children found by parent ID and command line.
 */
import { spawn, type ChildProcess } from 'node:child_process';

import { childProcessIds, cpuMillisecondsOf, CpuSample } from '../../../src/bench/process-cpu';

const MARK = 'process-cpu-test-child';
let child: ChildProcess;

beforeAll(async () => {
  // Busy for a while at start, so it has used CPU by the time it prints, then idle until killed.
  child = spawn(
    process.execPath,
    [
      '-e',
      `const end = Date.now() + 300; while (Date.now() < end); console.log('ready'); setInterval(() => {}, 1000); // ${MARK}`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve) => child.stdout?.once('data', resolve));
});

afterAll(() => {
  child.kill('SIGKILL');
});

const busyFor = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

it("counts this process's CPU time as it is used", () => {
  const before = cpuMillisecondsOf(process.pid) as number;
  busyFor(50);
  expect((cpuMillisecondsOf(process.pid) as number) - before).toBeGreaterThan(0);
});

it('finds a child by its command line and reads its CPU time from /proc', () => {
  expect(childProcessIds(new RegExp(MARK))).toEqual([child.pid]);
  expect(childProcessIds(/no-such-command-line/)).toEqual([]);
  // The 300 ms busy start is at least a few clock ticks of 10 ms.
  expect(cpuMillisecondsOf(child.pid as number)).toBeGreaterThanOrEqual(10);
});

it('gives each named process its CPU milliseconds between two samples, undefined where one is gone', async () => {
  const gone = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const processes = { self: [process.pid], gone: [gone.pid as number] };
  const before = CpuSample.take(processes);
  busyFor(50);
  const exited = new Promise((resolve) => gone.once('exit', resolve));
  gone.kill('SIGKILL');
  await exited;
  const used = CpuSample.take(processes).since(before);
  expect(used.self).toBeGreaterThan(0);
  expect(used.gone).toBeUndefined();
});
