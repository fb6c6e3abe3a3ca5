/**
 * One page of a bulk walk into the mirror, with exactly the newest-wins rule of `upsertEntity`
 * (./entity-mirror.ts), a few records at a time in parallel, so the result says which records were
 * inserted and which updated (what webhooks had missed), and how many the mirror already held in this
 * version, a newer one, or as a tombstone. Idempotent: a page run twice writes nothing the second time.
 *
 * Why not one `bulkWrite` of conditional upserts: FerretDB v1 (the embedded store) reports an unordered
 * bulk write's duplicate-key errors and upserted IDs incompletely, so the outcome per record is lost; a
 * pre-read of the page's IDs (`$in`) is a full collection scan there.
 */
import type { Db } from 'mongodb';

import type { MirrorSource } from './collections';
import { upsertEntity, type MirrorableEntity } from './entity-mirror';

export interface BulkUpsertResult {
  /** IDs new to the mirror. */
  readonly inserted: readonly string[];
  /** IDs whose stored version was older. */
  readonly updated: readonly string[];
  /** How many the mirror held in this version, a newer one, or as a tombstone: left alone. */
  readonly notNewer: number;
}

/**
 * Upserts in flight at once, per page: enough to hide round trips on MongoDB, few enough that five
 * walks at once do not crowd the store. With 16, FerretDB's SQLite backend (the embedded store) spent
 * its time in lock waits ("database is locked") and mirrored 2 records/s; with 4 it writes at its
 * ceiling of about 40 upserts/s on the 2-core reference machine.
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
  const inserted: string[] = [];
  const updated: string[] = [];
  let notNewer = 0;
  let next = 0;
  const writer = async () => {
    for (let index = next++; index < unique.length; index = next++) {
      const entity = unique[index] as MirrorableEntity;
      const outcome = await upsertEntity(db, platform, entity, { source: options.source, now });
      if (outcome === 'inserted') inserted.push(entity.id);
      else if (outcome === 'updated') updated.push(entity.id);
      else notNewer += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, unique.length) }, writer));
  return { inserted, updated, notNewer };
}
