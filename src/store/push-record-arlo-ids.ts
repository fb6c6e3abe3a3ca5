/**
 * The reverse cross-reference of push records: Arlo ID → external ID, one document keyed by `_id`.
 *
 * Why a collection of its own instead of an index on `push_records.arloId`: the pull side asks this for
 * every mirrored Contact and Organisation, and the embedded store (FerretDB on SQLite) answers only a
 * `_id` filter from an index; any other filter decodes the whole collection, once per event
 * (ARCHITECTURE.md, "The store on the embedded FerretDB"). Keyed by `_id`, the question costs two
 * indexed reads on every store.
 *
 * A pointer is only a hint: the push record it names is the truth. A mapping that moved (a merge, a
 * record made again after a 404) leaves the old Arlo ID's pointer behind, and `findPushRecordByArloId`
 * checks that the record still names that Arlo ID.
 *
 * Collection `push_record_arlo_ids`.
 */
import type { Db } from 'mongodb';

export interface PushRecordArloIdDocument {
  /** `platform:resourceType:arloId` */
  _id: string;
  platform: string;
  resourceType: string;
  arloId: string;
  externalId: string;
  updatedAt: Date;
}

export const arloIdKey = (platform: string, resourceType: string, arloId: string) =>
  `${platform}:${resourceType}:${arloId}`;

export function pushRecordArloIds(db: Db) {
  return db.collection<PushRecordArloIdDocument>('push_record_arlo_ids');
}

/** Point an Arlo ID at the external record mapped to it (the newest mapping wins). */
export async function pointArloIdAt(
  db: Db,
  key: { platform: string; resourceType: string; externalId: string },
  arloId: string,
  now = new Date(),
): Promise<void> {
  await pushRecordArloIds(db).updateOne(
    { _id: arloIdKey(key.platform, key.resourceType, arloId) },
    { $set: { ...key, arloId, updatedAt: now } },
    { upsert: true },
  );
}

/** The external ID the Arlo ID was last mapped to, if any (a hint; see the header). */
export async function externalIdPointedAt(
  db: Db,
  platform: string,
  resourceType: string,
  arloId: string,
): Promise<string | undefined> {
  const pointer = await pushRecordArloIds(db).findOne({ _id: arloIdKey(platform, resourceType, arloId) });
  return pointer?.externalId;
}
