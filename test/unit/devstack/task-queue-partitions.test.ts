import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  DRAIN_MS,
  ONE_PARTITION,
  partitionMarker,
  planPartitions,
} from '../../../src/devstack/task-queue-partitions';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'partitions-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('planPartitions', () => {
  it('gives an in-memory server and a new database one partition, and marks the new database so', async () => {
    expect((await planPartitions(undefined)).partitions).toEqual(ONE_PARTITION);

    const dbFile = path.join(dir, 'temporal.sqlite');
    expect((await planPartitions(dbFile)).partitions).toEqual(ONE_PARTITION);
    await writeFile(dbFile, 'the server created it');
    expect((await planPartitions(dbFile)).partitions).toEqual(ONE_PARTITION);
  });

  it('drains a database written with four partitions before it reads only one', async () => {
    const dbFile = path.join(dir, 'temporal.sqlite');
    await writeFile(dbFile, 'written by an earlier arlo-sync');
    let clock = 1_000;
    const now = () => clock;

    // First run: new tasks to partition 0, partitions 1-3 still read; stopped too soon to count.
    const short = await planPartitions(dbFile, now);
    expect(short.partitions).toEqual({ read: 4, write: 1 });
    clock += DRAIN_MS - 1;
    await short.stopped();

    // It drains again, long enough this time; then it is a one-partition database for good.
    const long = await planPartitions(dbFile, now);
    expect(long.partitions).toEqual({ read: 4, write: 1 });
    clock += DRAIN_MS;
    await long.stopped();

    expect((await planPartitions(dbFile, now)).partitions).toEqual(ONE_PARTITION);
    expect(await readFile(partitionMarker(dbFile), 'utf8')).toMatch(/one partition/);
  });

  it('keeps draining a database whose marker says it was draining when the process died', async () => {
    const dbFile = path.join(dir, 'temporal.sqlite');
    await writeFile(dbFile, 'written by an earlier arlo-sync');
    await planPartitions(dbFile); // killed: stopped() never ran

    expect(existsSync(partitionMarker(dbFile))).toBe(true);
    expect((await planPartitions(dbFile)).partitions).toEqual({ read: 4, write: 1 });
  });
});
