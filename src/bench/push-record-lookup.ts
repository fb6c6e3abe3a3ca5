/**
 * Benchmark: the pull side's question "did we push this record?", asked once per mirrored Contact and
 * Organisation, with many records pushed. Against the embedded FerretDB (or MONGODB_URI):
 *  - by pointer: `findPushRecordByArloId`, two reads by `_id` (what the worker does);
 *  - by filter: `{ platform, resourceType, arloId }` on push_records with its index (what it did before
 *    push_record_arlo_ids existed; on FerretDB every such filter decodes the whole collection);
 *  - the start-up backfill that gives records written before then their pointers.
 *
 *   npm run build && node dist/src/bench/push-record-lookup.js [pushed records]      (default 5,000)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig } from '../config';
import { ID_LOOKUP_INDEX_SETTLE_MS, startFerretDbServer } from '../devstack/ferretdb-server';
import { ensureFerretDb } from '../devstack/tools';
import { connectMongo, type MongoConnection } from '../store/mongo';
import {
  backfillArloIdPointers,
  findPushRecordByArloId,
  pushRecordKey,
  pushRecords,
  type PushRecordDocument,
} from '../store/push-records';
import { describeMachine, formatMachine } from './machine';
import { formatResult, type BenchmarkResult } from './report';
import { wholeNumberArgument } from './script-arguments';

const PLATFORM = 'lookup-bench.arlo.test';
const LOOKUPS = 200;

export async function benchPushRecordLookup(
  records: number,
  mongo: MongoConnection,
): Promise<BenchmarkResult> {
  const db = mongo.db;
  await pushRecords(db).createIndex({ platform: 1, resourceType: 1, arloId: 1 });
  for (let start = 0; start < records; start += 1000) {
    const batch: PushRecordDocument[] = [];
    for (let i = start; i < Math.min(records, start + 1000); i++) batch.push(pushedContact(i));
    await pushRecords(db).insertMany(batch);
  }
  const backfillStarted = performance.now();
  const backfilled = await backfillArloIdPointers(db);
  const backfillSeconds = (performance.now() - backfillStarted) / 1000;
  await new Promise((resolve) => setTimeout(resolve, ID_LOOKUP_INDEX_SETTLE_MS));

  const byPointer = await timeLookups(records, (arloId) =>
    findPushRecordByArloId(db, PLATFORM, 'Contact', arloId),
  );
  const byFilter = await timeLookups(records, (arloId) =>
    pushRecords(db).findOne({ platform: PLATFORM, resourceType: 'Contact', arloId }),
  );
  return {
    benchmark: 'push-record-lookup',
    description: `Arlo ID → push record, ${records} pushed contacts, ${LOOKUPS} random lookups each way`,
    figures: [
      { name: 'by pointer (_id reads) p50', value: byPointer.p50, unit: 'ms' },
      { name: 'by pointer (_id reads) p99', value: byPointer.p99, unit: 'ms' },
      { name: 'by arloId filter p50', value: byFilter.p50, unit: 'ms' },
      { name: 'by arloId filter p99', value: byFilter.p99, unit: 'ms' },
      { name: 'start-up backfill', value: Math.round(backfilled / backfillSeconds), unit: 'pointers/s' },
    ],
  };
}

function pushedContact(i: number): PushRecordDocument {
  const externalId = `HR-${i}`;
  return {
    _id: pushRecordKey(PLATFORM, 'Contact', externalId),
    platform: PLATFORM,
    resourceType: 'Contact',
    externalId,
    arloId: String(100_000 + i),
    lastPushed: { fields: { FirstName: 'Ada', LastName: 'Lovelace', Email: `ada.${i}@example.com` } },
    ownWrites: ['2026-01-01T10:00:00.0000000Z'],
    updatedAt: new Date(),
  };
}

async function timeLookups(
  records: number,
  lookup: (arloId: string) => Promise<{ arloId?: string } | null>,
): Promise<{ p50: number; p99: number }> {
  const milliseconds: number[] = [];
  for (let n = 0; n < LOOKUPS; n++) {
    const arloId = String(100_000 + Math.floor(Math.random() * records));
    const started = performance.now();
    const found = await lookup(arloId);
    milliseconds.push(performance.now() - started);
    if (found?.arloId !== arloId) throw new Error(`lookup of Arlo ID ${arloId} found ${found?.arloId}`);
  }
  milliseconds.sort((a, b) => a - b);
  const at = (q: number) => Number((milliseconds[Math.ceil(q * LOOKUPS) - 1] ?? NaN).toFixed(1));
  return { p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const records = wholeNumberArgument('pushed records', 2, 5_000, 1_000_000);
  const write = (line: string) => process.stdout.write(`${line}\n`);
  write(`machine: ${formatMachine(describeMachine())}`);
  const config = loadConfig();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-lookup-bench-'));
  const server = config.mongo.uri
    ? undefined
    : await startFerretDbServer({ binary: await ensureFerretDb(config.toolsDir, write), dataDir });
  const database = `lookup_bench_${process.pid}`;
  const mongo = await connectMongo(config.mongo.uri ?? server?.uri ?? '', database);
  try {
    write(`store: ${server ? 'embedded FerretDB' : 'MONGODB_URI'}`);
    write(formatResult(await benchPushRecordLookup(records, mongo)));
  } finally {
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench push-record-lookup: ${String(error)}\n`);
    process.exit(1);
  });
}
