/**
 * Benchmark: the embedded FerretDB's CPU per command with the wrapper's garbage-collector setting
 * (tools/ferretdb: 400, unless GOGC is set) beside Go's default (100), two servers
 * of the same binary side by side, taking turns in rounds of the pull path's store commands: reads of a
 * record's version by `_id`, an update of a record for every fourth read, an insert of 20 change-feed-
 * sized documents for every twentieth, 8 at a time.
 *
 *   npm run build && node dist/src/bench/store-gc.js [rounds]      (default 5, 2,000 reads each)
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig } from '../config';
import {
  ID_LOOKUP_INDEX_SETTLE_MS,
  startFerretDbServer,
  type FerretDbServer,
} from '../devstack/ferretdb-server';
import { ensureFerretDb } from '../devstack/tools';
import { connectMongo, type MongoConnection } from '../store/mongo';
import { describeMachine, formatMachine } from './machine';
import { cpuMillisecondsOf } from './process-cpu';
import { formatResult, roundTo, type BenchmarkResult } from './report';
import { wholeNumberArgument } from './script-arguments';

const RECORDS = 550;
const READS_PER_ROUND = 2_000;
const IN_FLIGHT = 8;

interface StoreUnderTest {
  readonly label: string;
  readonly server: FerretDbServer;
  readonly mongo: MongoConnection;
  readonly cpuPerCommand: number[];
  stop(): Promise<void>;
}

async function startStore(label: string, binary: string, gcPercent?: number): Promise<StoreUnderTest> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-store-gc-bench-'));
  const server = await startFerretDbServer({
    binary,
    dataDir,
    ...(gcPercent === undefined ? {} : { gcPercent }),
  });
  const mongo = await connectMongo(server.uri, 'store_gc_bench');
  const stop = async () => {
    await mongo.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await mongo.db.collection<{ _id: string }>('entities').insertMany(
      Array.from({ length: RECORDS }, (_, i) => ({
        _id: `Contact:${i}`,
        lastModifiedSortable: String(i).padStart(8, '0'),
        deleted: false,
        recordJson: recordJson(i),
      })),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { label, server, mongo, cpuPerCommand: [], stop };
}

/** About the size of a mirrored Contact's record as JSON text. */
function recordJson(version: number): string {
  return JSON.stringify({
    FirstName: 'Ada',
    LastName: 'Lovelace',
    Version: version,
    Notes: 'x'.repeat(1_500),
  });
}

/** One round: the store's CPU milliseconds per command sent. */
async function round(store: StoreUnderTest, reads: number): Promise<number> {
  const entities = store.mongo.db.collection<{ _id: string }>('entities');
  const changes = store.mongo.db.collection<{ _id: string }>('changes');
  const pid = store.server.process.child.pid ?? -1;
  const before = cpuMillisecondsOf(pid) ?? Number.NaN;
  const roundId = randomUUID();
  let next = 0;
  let commands = 0;
  const worker = async () => {
    while (next < reads) {
      const n = next++;
      const _id = `Contact:${n % RECORDS}`;
      await entities.findOne({ _id }, { projection: { lastModifiedSortable: 1, deleted: 1 } });
      commands += 1;
      if (n % 4 === 0) {
        await entities.updateOne(
          { _id },
          { $set: { lastModifiedSortable: `v${n}`, recordJson: recordJson(n) } },
        );
        commands += 1;
      }
      if (n % 20 === 0) {
        await changes.insertMany(
          Array.from({ length: 20 }, (_, i) => ({ _id: `${roundId}-${n}-${i}`, recordJson: recordJson(i) })),
        );
        commands += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return ((cpuMillisecondsOf(pid) ?? Number.NaN) - before) / commands;
}

function residentMegabytes(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024);
}

export async function benchStoreGc(binary: string, rounds: number): Promise<BenchmarkResult> {
  const stores: StoreUnderTest[] = [];
  try {
    stores.push(await startStore("Go's default (--gc-percent 100)", binary, 100));
    stores.push(await startStore("the wrapper's default (400)", binary));
    await new Promise((resolve) => setTimeout(resolve, ID_LOOKUP_INDEX_SETTLE_MS));
    for (const store of stores) await round(store, READS_PER_ROUND / 4); // warm-up, uncounted
    const loadBefore = loadavg()[0] ?? Number.NaN;
    for (let r = 0; r < rounds; r++) {
      for (const store of stores) store.cpuPerCommand.push(await round(store, READS_PER_ROUND));
    }
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const [base, wrapper] = stores.map((store) => mean(store.cpuPerCommand)) as [number, number];
    return {
      benchmark: 'store-gc',
      description: `FerretDB CPU per command, ${rounds} rounds of ${READS_PER_ROUND} reads in turns`,
      figures: [
        ...stores.flatMap((store) => [
          {
            name: `${store.label}: CPU per command`,
            value: roundTo(mean(store.cpuPerCommand), 2),
            unit: 'ms',
          },
          {
            name: `${store.label}: resident memory`,
            value: residentMegabytes(store.server.process.child.pid),
            unit: 'MB',
          },
        ]),
        { name: "ratio (the wrapper's ÷ Go's default)", value: roundTo(wrapper / base, 2), unit: '' },
      ],
      notes: [
        `load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? Number.NaN).toFixed(1)}`,
        ...stores.map(
          (s) => `${s.label}: rounds ${s.cpuPerCommand.map((ms) => roundTo(ms, 2)).join(', ')} ms`,
        ),
      ],
    };
  } finally {
    for (const store of stores) await store.stop();
  }
}

async function main(): Promise<void> {
  const rounds = wholeNumberArgument('rounds', 2, 5, 100);
  const write = (line: string) => process.stdout.write(`${line}\n`);
  write(`machine: ${formatMachine(describeMachine())}`);
  const binary = await ensureFerretDb(loadConfig().toolsDir, write);
  write(formatResult(await benchStoreGc(binary, rounds)));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench store-gc: ${String(error)}\n`);
    process.exit(1);
  });
}
