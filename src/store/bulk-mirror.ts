/**
 * One page of a bulk walk into the mirror: the same newest-wins rule as `upsertEntity`
 * (./entity-mirror.ts), in two round trips for the whole page instead of one per record.
 *
 * 1. One `find` reads the stored versions of the page's records, so only records that are new or newer
 *    are written (a nightly reconcile mostly finds nothing to write), and the caller learns WHICH
 *    records were repaired, which a bulk write's counts alone cannot say.
 * 2. One unordered `bulkWrite` of conditional upserts. The condition still guards every write: a
 *    webhook that stored a newer version between the two steps makes the upsert collide on `_id`
 *    (duplicate key = "the stored one wins"), and that record is counted stale, not repaired.
 * Idempotent: running a page twice writes nothing the second time.
 */
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Db, type WriteError } from 'mongodb';

import { normaliseArloTimestamp } from '../domain/arlo-timestamp';
import {
  collections,
  entityKey,
  isDuplicateKeyError,
  type MirroredEntityDocument,
  type MirrorSource,
} from './collections';
import { mirroredDocument, type MirrorableEntity } from './entity-mirror';

export interface BulkUpsertResult {
  /** IDs new to the mirror. */
  readonly inserted: readonly string[];
  /** IDs whose stored version was older. */
  readonly updated: readonly string[];
  /** How many the mirror held in exactly this version. */
  readonly unchanged: number;
  /** How many the mirror held newer, or as a tombstone: left alone. */
  readonly stale: number;
}

export async function upsertEntities(
  db: Db,
  platform: string,
  entities: readonly MirrorableEntity[],
  options: { readonly source: MirrorSource; readonly now?: Date },
): Promise<BulkUpsertResult> {
  if (entities.length === 0) return { inserted: [], updated: [], unchanged: 0, stale: 0 };
  const mirror = collections(db).entities;
  const keyOf = (entity: MirrorableEntity) => entityKey(platform, entity.resourceType, entity.id);
  const stored = new Map(
    (
      await mirror
        .find({ _id: { $in: entities.map(keyOf) } }, { projection: { lastModifiedSortable: 1, deleted: 1 } })
        .toArray()
    ).map((doc) => [doc._id, doc]),
  );

  let unchanged = 0;
  let stale = 0;
  const writes: { entity: MirrorableEntity; existed: boolean }[] = [];
  const seen = new Set<string>();
  for (const entity of entities) {
    const key = keyOf(entity);
    if (seen.has(key)) continue; // a page never repeats a record; if a server did, write it once
    seen.add(key);
    const current = stored.get(key);
    const sortable = normaliseArloTimestamp(entity.lastModifiedDateTime);
    if (current && !current.deleted && current.lastModifiedSortable === sortable) unchanged += 1;
    else if (current && (current.deleted || current.lastModifiedSortable > sortable)) stale += 1;
    else writes.push({ entity, existed: current !== undefined });
  }
  if (writes.length === 0) return { inserted: [], updated: [], unchanged, stale };

  const now = options.now ?? new Date();
  const operations: AnyBulkWriteOperation<MirroredEntityDocument>[] = writes.map(({ entity }) => {
    const document = mirroredDocument(platform, entity, { source: options.source, now });
    return {
      updateOne: {
        filter: {
          _id: keyOf(entity),
          deleted: false,
          lastModifiedSortable: { $lt: document.lastModifiedSortable },
        },
        update: { $set: document },
        upsert: true,
      },
    };
  });
  const lost = await failedIndexes(() => mirror.bulkWrite(operations, { ordered: false }));
  const inserted: string[] = [];
  const updated: string[] = [];
  writes.forEach(({ entity, existed }, index) => {
    if (lost.has(index)) stale += 1;
    else (existed ? updated : inserted).push(entity.id);
  });
  return { inserted, updated, unchanged, stale };
}

/** Runs the bulk write; returns the indexes that lost to a newer stored version (duplicate key). */
async function failedIndexes(write: () => Promise<unknown>): Promise<Set<number>> {
  try {
    await write();
    return new Set();
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const errors: WriteError[] = ([] as WriteError[]).concat(error.writeErrors);
    const other = errors.find((e) => !isDuplicateKeyError({ code: e.code }));
    if (other !== undefined || errors.length === 0) throw error;
    return new Set(errors.map((e) => e.index));
  }
}
