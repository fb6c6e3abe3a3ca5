/**
 * One document per pushed record (platform, resource type, external ID): the cross-reference both ways
 * (external ID → Arlo ID, and an index for Arlo ID → external ID), the owned values last pushed, and the
 * LastModifiedDateTime of our own recent writes, so the pull side can tell the webhook our PATCH caused
 * from an Arlo user's edit (keeping-an-external-system-in-sync.txt, "Avoiding update loops").
 *
 * Collection `push_records`. Every write is an idempotent `$set`/`$push` keyed by `_id`.
 */
import type { Db } from 'mongodb';

import { normaliseArloTimestamp } from '../domain/arlo-timestamp';
import { mergeDesired, type DesiredState } from '../domain/push-messages';

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

export async function ensurePushRecordIndexes(db: Db): Promise<void> {
  await pushRecords(db).createIndex({ platform: 1, resourceType: 1, arloId: 1 });
}

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
  return pushRecords(db).findOne({ platform, resourceType, arloId });
}

/** Store the cross-reference (also after a merge moved the record to its survivor). */
export async function saveMapping(
  db: Db,
  key: { platform: string; resourceType: string; externalId: string },
  arloId: string,
  now = new Date(),
): Promise<void> {
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
