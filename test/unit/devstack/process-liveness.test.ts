import { spawn } from 'node:child_process';

import { isExitedZombie, isProcessAlive } from '../../../src/devstack/process-liveness';

/** `/proc/<pid>/status` as Linux writes it (the lines that matter, in their places). */
const status = (state: string, threads: number) =>
  `Name:\ttemporal\nUmask:\t0022\nState:\t${state}\nTgid:\t4242\nPid:\t4242\nPPid:\t1\n` +
  `FDSize:\t64\nVmRSS:\t  200000 kB\nThreads:\t${threads}\nSigQ:\t0/95311\n`;

describe('isExitedZombie', () => {
  it('counts a zombie whose threads have all ended as exited', () => {
    expect(isExitedZombie(status('Z (zombie)', 1))).toBe(true);
  });

  it('does not count a process whose first thread is a zombie while others still run (it holds its ports)', () => {
    expect(isExitedZombie(status('Z (zombie)', 2))).toBe(false);
    expect(isExitedZombie(status('Z (zombie)', 14))).toBe(false);
  });

  it('does not count a running or sleeping process', () => {
    expect(isExitedZombie(status('S (sleeping)', 8))).toBe(false);
    expect(isExitedZombie(status('R (running)', 1))).toBe(false);
  });
});

describe('isProcessAlive', () => {
  it('is true while a child runs and false once it has exited', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    expect(isProcessAlive(child.pid!)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    expect(isProcessAlive(child.pid!)).toBe(false);
  });
});
