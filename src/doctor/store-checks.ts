/** MongoDB: reachable, the worker's indexes; per platform the last accepted callback and the watermark. */
import { MongoClient, type Db } from 'mongodb';

import { maskCredentials } from '../config';

import { readLastCallbackAccepted } from '../store/callback-receipts';
import { readWatermark } from '../store/watermarks';
import { fail, formatAge, ok, warn, withTimeout, type CheckResult } from './check-result';
import { firstLine } from './temporal-checks';

const SERVER_SELECTION_TIMEOUT_MS = 3_000;
const CALL_TIMEOUT_MS = 5_000;
/** Collections whose indexes the worker creates at start (src/store/indexes.ts). */
const INDEXED_COLLECTIONS = ['entities', 'processed_events'] as const;

export async function connectStore(
  uri: string | undefined,
  database: string,
): Promise<{ client?: MongoClient; db?: Db; result: CheckResult }> {
  const name = 'MongoDB';
  if (!uri) {
    return { result: fail(name, 'MONGODB_URI is not set', 'set MONGODB_URI, or run `arlo-sync up`') };
  }
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    appName: 'arlo-sync-doctor',
  });
  try {
    await client.connect();
    const db = client.db(database);
    await withTimeout(db.command({ ping: 1 }), CALL_TIMEOUT_MS, 'ping');
    return { client, db, result: ok(name, `reachable at ${maskCredentials(uri)}, database ${database}`) };
  } catch (error) {
    await client.close().catch(() => undefined);
    return {
      result: fail(
        name,
        `cannot reach ${maskCredentials(uri)} (${firstLine(error)})`,
        'start MongoDB (or `arlo-sync up`), or correct MONGODB_URI',
      ),
    };
  }
}

export async function checkIndexes(db: Db): Promise<CheckResult> {
  const name = 'MongoDB indexes';
  const missing: string[] = [];
  for (const collection of INDEXED_COLLECTIONS) {
    const indexes = await db
      .collection(collection)
      .listIndexes()
      .toArray()
      .catch((): { name?: unknown }[] => []); // a collection that does not exist yet has none
    if (!indexes.some((index: { name?: unknown }) => index.name !== '_id_')) missing.push(collection);
  }
  return missing.length === 0
    ? ok(name, 'in place')
    : fail(
        name,
        `missing on ${missing.join(', ')}`,
        'start a worker once (`arlo-sync worker`): it creates them',
      );
}

export async function checkLastCallback(db: Db, platform: string, now: Date): Promise<CheckResult> {
  const name = `Last callback from ${platform}`;
  const at = await readLastCallbackAccepted(db, platform);
  if (!at) {
    return warn(
      name,
      'none accepted yet',
      'edit a record in Arlo; if nothing arrives, check that Arlo reaches RECEIVER_PUBLIC_URL and the receiver runs',
    );
  }
  return ok(name, `accepted ${formatAge(now.getTime() - at.getTime())} ago (${at.toISOString()})`);
}

export async function checkWatermark(
  db: Db,
  platform: string,
  now: Date,
  maxAgeMs: number,
): Promise<CheckResult> {
  const name = `Watermark of ${platform}`;
  const watermark = await readWatermark(db, platform);
  if (!watermark) {
    return warn(name, 'no event processed yet', 'start the worker; edits in Arlo then move it');
  }
  const age = now.getTime() - watermark.updatedAt.getTime();
  const detail = `event ${watermark.eventId}, last moved ${formatAge(age)} ago`;
  if (age > maxAgeMs) {
    return warn(
      name,
      `${detail} (older than ${formatAge(maxAgeMs)})`,
      'if Arlo users made changes since, check the worker runs and callbacks arrive (see above); the catch-up schedule closes gaps of up to 5 days',
    );
  }
  return ok(name, detail);
}
