/**
 * One document per pushed record (platform, resource type, external ID): the cross-reference external
 * ID → Arlo ID, the owned values last pushed, and the LastModifiedDateTime of our own recent writes, so
 * the pull side can tell the webhook our PATCH caused from an Arlo user's edit
 * (keeping-an-external-system-in-sync.txt, "Avoiding update loops").
 *
 * Collection `push_records`. Every write is an idempotent `$set`/`$push` keyed by `_id`. The Arlo ID →
 * external ID direction lives in `push_record_arlo_ids` (see there why), written before the record, so a
 * crash between the two leaves a pointer the record does not confirm yet, which reads as "no mapping".
 */
import type { Db } from 'mongodb';

import { normaliseArloTimestamp } from '../domain/arlo-timestamp';
import { mergeDesired, type DesiredState } from '../domain/push-messages';

import { insertUnlessHeld } from './insert-unless-held';
import {
  arloIdKey,
  externalIdPointedAt,
  pointArloIdAt,
  pushRecordArloIds,
  type PushRecordArloIdDocument,
} from './push-record-arlo-ids';

export interface PushRecordDocument {
  _id: string;
  platform: string;
  resourceType: string;
  externalId: string;
  /** Unset until the record is found or created in Arlo. */
  arloId?: string;
  /** The owned values of the last successful push, merged over earlier ones (for corrective pushes). */
  lastPushed?: DesiredState;
  /**
   * Sortable (normalised) LastModifiedDateTime of our recent writes, newest last. Read a missing one as
   * empty: documents written by `saveMapping` alone were seen without it on FerretDB.
   */
  ownWrites?: string[];
  updatedAt: Date;
}

/** Enough to recognise the echoes of a burst of pushes; older writes have long been mirrored. */
const OWN_WRITES_KEPT = 10;

export const pushRecordKey = (platform: string, resourceType: string, externalId: string) =>
  `${platform}:${resourceType}:${externalId}`;

export function pushRecords(db: Db) {
  return db.collection<PushRecordDocument>('push_records');
}

/**
 * Run at worker start: gives every mapped record written before `push_record_arlo_ids` existed its
 * pointer (one pass over both collections). An existing pointer is left as it is: it may be newer.
 * Returns how many pointers it added.
 */
export async function backfillArloIdPointers(db: Db): Promise<number> {
  const pointed = new Set(
    (
      await pushRecordArloIds(db)
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((p) => p._id),
  );
  const mapped = await pushRecords(db)
    .find({ arloId: { $exists: true } }, { projection: { lastPushed: 0, ownWrites: 0 } })
    .sort({ updatedAt: -1 }) // The newest mapping of an Arlo ID wins, as it does when pushes write them.
    .toArray();
  const missing: PushRecordArloIdDocument[] = [];
  for (const record of mapped) {
    const arloId = record.arloId as string;
    const _id = arloIdKey(record.platform, record.resourceType, arloId);
    if (pointed.has(_id)) continue;
    pointed.add(_id);
    const { platform, resourceType, externalId, updatedAt } = record;
    missing.push({ _id, platform, resourceType, arloId, externalId, updatedAt });
  }
  let added = 0;
  for (let start = 0; start < missing.length; start += BACKFILL_BATCH) {
    // A pointer written meanwhile by a push is newer than the backfill's: "already held" keeps it.
    const batch = missing.slice(start, start + BACKFILL_BATCH);
    added += batch.length - (await insertUnlessHeld(pushRecordArloIds(db), batch)).size;
  }
  return added;
}

const BACKFILL_BATCH = 1000;

export async function findPushRecord(
  db: Db,
  platform: string,
  resourceType: string,
  externalId: string,
): Promise<PushRecordDocument | null> {
  return pushRecords(db).findOne({ _id: pushRecordKey(platform, resourceType, externalId) });
}

export async function findPushRecordByArloId(
  db: Db,
  platform: string,
  resourceType: string,
  arloId: string,
): Promise<PushRecordDocument | null> {
  const externalId = await externalIdPointedAt(db, platform, resourceType, arloId);
  if (externalId === undefined) return null;
  const record = await findPushRecord(db, platform, resourceType, externalId);
  // A pointer left behind by a mapping that moved on names a record that no longer claims this ID.
  return record?.arloId === arloId ? record : null;
}

/** Store the cross-reference (also after a merge moved the record to its survivor). */
export async function saveMapping(
  db: Db,
  key: { platform: string; resourceType: string; externalId: string },
  arloId: string,
  now = new Date(),
): Promise<void> {
  await pointArloIdAt(db, key, arloId, now);
  await pushRecords(db).updateOne(
    { _id: pushRecordKey(key.platform, key.resourceType, key.externalId) },
    {
      $set: { ...key, arloId, updatedAt: now },
      $setOnInsert: { ownWrites: [] },
    },
    { upsert: true },
  );
}

/**
 * Record a successful PATCH or POST: the record's new LastModifiedDateTime (from Arlo's answer) and the
 * owned values it now holds.
 */
export async function recordOwnWrite(
  db: Db,
  key: { platform: string; resourceType: string; externalId: string },
  write: { arloId: string; lastModifiedDateTime: string; pushed: DesiredState },
  now = new Date(),
): Promise<void> {
  const _id = pushRecordKey(key.platform, key.resourceType, key.externalId);
  const stored = await pushRecords(db).findOne({ _id });
  if (stored?.arloId !== write.arloId) await pointArloIdAt(db, key, write.arloId, now);
  const sortable = normaliseArloTimestamp(write.lastModifiedDateTime);
  const ownWrites = [...(stored?.ownWrites ?? []).filter((w) => w !== sortable), sortable]
    .sort()
    .slice(-OWN_WRITES_KEPT);
  await pushRecords(db).updateOne(
    { _id },
    {
      $set: {
        ...key,
        arloId: write.arloId,
        lastPushed: mergeDesired(stored?.lastPushed, write.pushed),
        ownWrites,
        updatedAt: now,
      },
    },
    { upsert: true },
  );
}
