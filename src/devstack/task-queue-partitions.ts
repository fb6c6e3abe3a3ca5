/**
 * How many partitions the embedded Temporal server gives each task queue: one.
 *
 * Why: Temporal enforces a task queue's rate limit (the Arlo queue's `maxTaskQueueActivitiesPerSecond`,
 * from ARLO_REQUESTS_PER_MINUTE) in each partition separately, each with an equal share, and a task
 * waits for its own partition's share while the others' go unused. With Temporal's default of four, a
 * bulk walk's pages queued in one partition 0.84 s apart (a quarter of the budget's 4.75/s) while the
 * other three stood idle. One process serves every partition of the embedded server, so more of them add
 * no capacity. (docker-compose.yml's server gets the same from deploy/temporal/dynamicconfig.yaml.)
 *
 * A persisted database written with four partitions may hold tasks in partitions 1-3, and a server that
 * reads only partition 0 would never hand them out. So such a database first runs with one write
 * partition and four read partitions, which sends every new task to partition 0 while the old ones are
 * still read; once such a run has lasted DRAIN_MS and stopped, the database moves to one of each. A small
 * file next to the database records where it stands.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

export interface TaskQueuePartitions {
  readonly read: number;
  readonly write: number;
}

export const ONE_PARTITION: TaskQueuePartitions = { read: 1, write: 1 };
/** Temporal's default, which databases written before this file had. */
const DRAINING: TaskQueuePartitions = { read: 4, write: 1 };

/** A draining run hands out whatever partitions 1-3 held within seconds; this leaves a wide margin. */
export const DRAIN_MS = 60_000;

/** The marker's contents: the step the database is at. */
const ONE = 'one partition per task queue\n';
const DRAINING_MARK = 'draining partitions 1-3 (one write partition, four read)\n';

export const partitionMarker = (dbFile: string) => `${dbFile}.partitions`;

export interface PartitionPlan {
  readonly partitions: TaskQueuePartitions;
  /** Call when the server stopped: moves a database that drained long enough to one partition. */
  stopped(): Promise<void>;
}

/** The partitions to start the server on `dbFile` with (undefined: in memory, always new). */
export async function planPartitions(
  dbFile: string | undefined,
  now: () => number = Date.now,
): Promise<PartitionPlan> {
  const nothingToDo = { partitions: ONE_PARTITION, stopped: () => Promise.resolve() };
  if (dbFile === undefined) return nothingToDo;
  const marker = partitionMarker(dbFile);
  const mark = existsSync(marker) ? await readFile(marker, 'utf8') : undefined;
  if (mark === ONE) return nothingToDo;
  if (mark === undefined && !existsSync(dbFile)) {
    await writeFile(marker, ONE);
    return nothingToDo;
  }
  // Written with four partitions (no marker), or its drain has not finished yet.
  await writeFile(marker, DRAINING_MARK);
  const started = now();
  return {
    partitions: DRAINING,
    stopped: async () => {
      if (now() - started >= DRAIN_MS) await writeFile(marker, ONE);
    },
  };
}
