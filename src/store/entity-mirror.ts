/**
 * The MongoDB mirror of Arlo records. Writes are idempotent and order-independent: a representation is
 * stored only if it is newer (full 7-digit LastModifiedDateTime) than the stored one, so duplicates,
 * retries and out-of-order deliveries converge on the newest state. Deletions are tombstones that no
 * later (stale) upsert can resurrect.
 *
 * The write reads first, by `_id`, and then writes only what is needed: nothing when the stored version is
 * at least as new (duplicates, redeliveries, stale events), an insert when nothing is stored, and a
 * conditional update ("still older than mine") otherwise. A write that loses a race (another insert, a
 * newer version, a delete) is seen and the decision is made again from a fresh read. The conditional
 * update keeps it atomic on MongoDB. On the embedded FerretDB only a filter on `_id` alone is served by
 * an index and conditional updates are not atomic anyway, so every step there is by `_id` alone
 * (store-dialect.ts).
 */
import type { Db, Filter, UpdateFilter } from 'mongodb';

import { normaliseArloTimestamp } from '../domain/arlo-timestamp';
import type { ChangeOrigin } from '../domain/change-feed';
import {
  collections,
  entityKey,
  isDuplicateKeyError,
  type MirroredEntityDocument,
  type MirrorSource,
} from './collections';
import { changeOrigin } from './feed/change-origin';
import { commitMirrorWrites, voidPositions } from './feed/feed-commit';
import { allocatePositions } from './feed/feed-positions';
import { findByIds } from './find-by-ids';
import {
  mirrorRecordJson,
  readMirrored,
  type MirroredEntity,
  type MirroredRecord,
  UNSET_LEGACY_RECORD_PARTS,
} from './mirror-record';
import { filtersBeyondIdScan } from './store-dialect';

/** The parts of a parsed Arlo representation the mirror stores (src/arlo's ArloEntity fits it). */
export interface MirrorableEntity extends MirroredRecord {
  readonly resourceType: string;
  readonly id: string;
  readonly lastModifiedDateTime: string;
  readonly createdDateTime?: string;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged' | 'stale';

export interface UpsertOptions {
  readonly source: MirrorSource;
  readonly eventId?: string;
  readonly now?: Date;
}

/** The document the mirror stores for a representation (without `_id`). */
export function mirroredDocument(
  platform: string,
  entity: MirrorableEntity,
  options: UpsertOptions,
): Omit<MirroredEntityDocument, '_id'> {
  return {
    platform,
    resourceType: entity.resourceType,
    resourceId: entity.id,
    lastModifiedDateTime: entity.lastModifiedDateTime,
    lastModifiedSortable: normaliseArloTimestamp(entity.lastModifiedDateTime),
    ...(entity.createdDateTime ? { createdDateTime: entity.createdDateTime } : {}),
    recordJson: mirrorRecordJson(entity),
    deleted: false,
    source: options.source,
    ...(options.eventId ? { lastEventId: options.eventId } : {}),
    syncedAt: options.now ?? new Date(),
  };
}

/** Reads and writes before giving up: each retry means another writer changed the record meanwhile. */
const MAX_UPSERT_ATTEMPTS = 8;

/**
 * Every write that lands is recorded in the change feed (./feed/): a position is allocated after the
 * read decided a write is needed, the mirror document carries it in its `feed` stamp, and the change is
 * committed at it once the write landed; a write that lost a race voids its position. Positions of one
 * record only ever rise in the mirror (the condition below), so the feed lists its versions in the order
 * the mirror stored them (ARCHITECTURE.md, "The change feed").
 */
export async function upsertEntity(
  db: Db,
  platform: string,
  entity: MirrorableEntity,
  options: UpsertOptions,
): Promise<UpsertOutcome> {
  const { entities } = collections(db);
  const _id = entityKey(platform, entity.resourceType, entity.id);
  const document = mirroredDocument(platform, entity, options);
  const sortable = document.lastModifiedSortable;
  let origin: ChangeOrigin | undefined;
  for (let attempt = 0; attempt < MAX_UPSERT_ATTEMPTS; attempt++) {
    const stored = await entities.findOne({ _id }, { projection: { lastModifiedSortable: 1, deleted: 1 } });
    if (stored && (stored.deleted || stored.lastModifiedSortable >= sortable)) {
      return !stored.deleted && stored.lastModifiedSortable === sortable ? 'unchanged' : 'stale';
    }
    origin ??= await changeOrigin(db, platform, options.source, entity);
    const [position] = (await allocatePositions(db, platform, [_id])) as [number];
    const feed = { position, operation: stored ? 'updated' : 'created', origin } as const;
    const written: MirroredEntityDocument = { _id, ...document, feed };
    if (!(await writeVersion(db, written, stored !== null))) {
      // Another writer inserted it, or a newer version or a tombstone landed: the next read says which.
      await voidPositions(db, platform, [position]);
      continue;
    }
    await commitMirrorWrites(db, platform, [written]);
    return stored ? 'updated' : 'inserted';
  }
  throw new Error(
    `${entity.resourceType} ${entity.id} changed under ${MAX_UPSERT_ATTEMPTS} attempts to mirror it; ` +
      'another writer keeps racing this one (the activity retries)',
  );
}

/** Inserts a record new to the mirror, or replaces an older version; false when another write won. */
export async function writeVersion(db: Db, written: MirroredEntityDocument, held: boolean): Promise<boolean> {
  const { entities } = collections(db);
  if (!held) {
    try {
      await entities.insertOne(written);
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return false;
    }
  }
  const filter = olderVersionFilter(written, await filtersBeyondIdScan(db));
  const result = await entities.updateOne(filter, replacementOf(written));
  return result.matchedCount > 0;
}

/**
 * Older versions of several records replaced in one round trip, each as `writeVersion` replaces one;
 * returns the indexes of the writes that lost. The server answers how many matched, not which, so when
 * fewer matched the records are read again: a write landed where the record carries its feed position
 * (positions are never allocated twice). Each record at most once.
 */
export async function replaceOlderVersions(
  db: Db,
  written: readonly MirroredEntityDocument[],
): Promise<Set<number>> {
  if (written.length === 0) return new Set();
  const { entities } = collections(db);
  const onFerretDb = await filtersBeyondIdScan(db);
  const result = await entities.bulkWrite(
    written.map((document) => ({
      updateOne: { filter: olderVersionFilter(document, onFerretDb), update: replacementOf(document) },
    })),
    { ordered: false },
  );
  if (result.matchedCount === written.length) return new Set();
  const stored = await findByIds(
    entities,
    written.map((document) => document._id),
    { projection: { feed: 1 } },
  );
  const lost = new Set<number>();
  written.forEach((document, index) => {
    if (stored.get(document._id)?.feed?.position !== document.feed?.position) lost.add(index);
  });
  return lost;
}

/**
 * Only a record still older than `written`: on FerretDB the read before is the condition (see
 * store-dialect.ts); on MongoDB the filter is, atomically.
 */
function olderVersionFilter(
  written: MirroredEntityDocument,
  onFerretDb: boolean,
): Filter<MirroredEntityDocument> {
  const { _id } = written;
  if (onFerretDb) return { _id };
  return {
    _id,
    deleted: false,
    lastModifiedSortable: { $lt: written.lastModifiedSortable },
    $or: [{ feed: { $exists: false } }, { 'feed.position': { $lt: written.feed?.position ?? 0 } }],
  };
}

/** A document written before `recordJson` loses its nested parts: the text replaces them. */
function replacementOf({ _id, ...fields }: MirroredEntityDocument): UpdateFilter<MirroredEntityDocument> {
  return { $set: fields, $unset: UNSET_LEGACY_RECORD_PARTS };
}

export { markMerged, tombstoneEntity } from './mirror-removals';

export async function findEntity(
  db: Db,
  platform: string,
  resourceType: string,
  resourceId: string,
): Promise<MirroredEntity | null> {
  const stored = await collections(db).entities.findOne({
    _id: entityKey(platform, resourceType, resourceId),
  });
  return stored ? readMirrored(stored) : null;
}
