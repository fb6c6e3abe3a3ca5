/**
 * One page of a bulk walk into the mirror, with exactly the newest-wins rule of `upsertEntity`
 * (./entity-mirror.ts), so the result says which records were inserted and which updated (what webhooks
 * had missed), and how many the mirror already held in this version, a newer one, or as a tombstone.
 * Idempotent: a page run twice writes nothing the second time.
 *
 * Two steps:
 *  1. One unordered `insertMany` of the whole page. An insert succeeds only where the mirror holds nothing
 *     under that `_id`, and nothing stored means the page's version is the newest: that is the newest-wins
 *     rule for new records, in one round trip. An initial load is almost all new records.
 *  2. Each record the insert refused with a duplicate key (the mirror holds it, or a tombstone) goes through
 *     the conditional `upsertEntity`, a few at a time.
 *
 * Why not one `bulkWrite` of conditional upserts: FerretDB v1 (the embedded store) reports an unordered
 * bulk write's duplicate-key errors and upserted IDs incompletely, so the outcome per record is lost. Its
 * `insertMany` reports them exactly. And every conditional update on FerretDB's SQLite backend scans the
 * collection (it pushes down only a filter that is `_id` alone, and its update statement does not use the
 * `_id` index), so step 2 costs time in proportion to the mirror's size there; step 1 does not (about
 * 4,000 records/s against about 30/s, measured with 2,000 records).
 */
import type { Db } from 'mongodb';

import { collections, entityKey, type MirroredEntityDocument, type MirrorSource } from './collections';
import { mirroredDocument, upsertEntity, type MirrorableEntity } from './entity-mirror';
import { commitMirrorWrites, voidPositions } from './feed/feed-commit';
import { allocatePositions } from './feed/feed-positions';
import { insertUnlessHeld } from './insert-unless-held';

export interface BulkUpsertResult {
  /** IDs new to the mirror. */
  readonly inserted: readonly string[];
  /** IDs whose stored version was older. */
  readonly updated: readonly string[];
  /** How many the mirror held in this version, a newer one, or as a tombstone: left alone. */
  readonly notNewer: number;
}

/**
 * Conditional upserts in flight at once, per page: enough to hide round trips on MongoDB, few enough that
 * five walks at once do not crowd the store. With 16, FerretDB's SQLite backend (the embedded store) spent
 * its time in lock waits ("database is locked").
 */
const PARALLEL_WRITES = 4;

export async function upsertEntities(
  db: Db,
  platform: string,
  entities: readonly MirrorableEntity[],
  options: { readonly source: MirrorSource; readonly now?: Date },
): Promise<BulkUpsertResult> {
  const now = options.now ?? new Date();
  // A page never repeats a record; if a server did, write it once.
  const unique = [...new Map(entities.map((e) => [`${e.resourceType}:${e.id}`, e])).values()];
  if (unique.length === 0) return { inserted: [], updated: [], notNewer: 0 };

  const { held, positionsOfHeld } = await insertNew(db, platform, unique, { source: options.source, now });
  // Their positions were allocated for an insert that did not happen; the upserts allocate their own.
  await voidPositions(db, platform, positionsOfHeld);
  const inserted = unique.filter((_, index) => !held.has(index)).map((entity) => entity.id);
  const updated: string[] = [];
  let notNewer = 0;
  const rest = unique.filter((_, index) => held.has(index));
  let next = 0;
  const writer = async () => {
    for (let index = next++; index < rest.length; index = next++) {
      const entity = rest[index] as MirrorableEntity;
      const outcome = await upsertEntity(db, platform, entity, { source: options.source, now });
      // 'inserted' only if the held document was removed between the two steps (the mirror keeps
      // tombstones, so only an operator does that): the record is new to the mirror again.
      if (outcome === 'inserted') inserted.push(entity.id);
      else if (outcome === 'updated') updated.push(entity.id);
      else notNewer += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, rest.length) }, writer));
  return { inserted, updated, notNewer };
}

/**
 * Inserts every record the mirror does not hold, each with a change-feed position allocated for it (one
 * round trip for the page), and commits their changes (one more); returns the page indexes it refused as
 * already held, and the positions allocated for those.
 */
async function insertNew(
  db: Db,
  platform: string,
  entities: readonly MirrorableEntity[],
  options: { readonly source: MirrorSource; readonly now: Date },
): Promise<{ held: Set<number>; positionsOfHeld: number[] }> {
  const ids = entities.map((entity) => entityKey(platform, entity.resourceType, entity.id));
  const positions = await allocatePositions(db, platform, ids, options.now);
  const origin = options.source === 'reconcile' ? 'reconcile' : 'bulk';
  const documents: MirroredEntityDocument[] = entities.map((entity, index) => ({
    _id: ids[index] as string,
    ...mirroredDocument(platform, entity, options),
    feed: { position: positions[index] as number, operation: 'created', origin },
  }));
  const held = await insertUnlessHeld(collections(db).entities, documents);
  await commitMirrorWrites(
    db,
    platform,
    documents.filter((_, index) => !held.has(index)),
  );
  return { held, positionsOfHeld: [...held].map((index) => positions[index] as number) };
}
