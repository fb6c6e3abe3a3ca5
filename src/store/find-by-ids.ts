/**
 * Many documents by `_id`, in the cheapest way the server offers: one `$in` query on MongoDB (indexed);
 * on the embedded FerretDB, which answers only a filter that is `{ _id }` alone from an index and scans
 * the collection for `$in` (store-dialect.ts), one indexed lookup per `_id`, a few at a time.
 */
import type { Collection, Document, Filter, FindOptions } from 'mongodb';

import { filtersBeyondIdScan } from './store-dialect';

/** Lookups in flight at once on FerretDB: enough to hide round trips, few enough not to crowd SQLite. */
const PARALLEL_LOOKUPS = 8;

export async function findByIds<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: readonly string[],
  options: Pick<FindOptions, 'projection'> = {},
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  if (ids.length === 0) return found;
  if (!(await filtersBeyondIdScan(collection.db))) {
    const filter = { _id: { $in: [...ids] } } as Filter<T>;
    const cursor = options.projection ? collection.find(filter, options) : collection.find(filter);
    for (const doc of await cursor.toArray()) found.set(doc._id, doc as T);
    return found;
  }
  let next = 0;
  const lookup = async () => {
    for (let index = next++; index < ids.length; index = next++) {
      const id = ids[index] as string;
      const filter = { _id: id } as Filter<T>;
      const doc = await (options.projection
        ? collection.findOne(filter, options)
        : collection.findOne(filter));
      if (doc) found.set(id, doc as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_LOOKUPS, ids.length) }, lookup));
  return found;
}

/** Deletes by `_id` the same way: one `$in` on MongoDB, one indexed delete per `_id` on FerretDB. */
export async function deleteByIds<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  if (!(await filtersBeyondIdScan(collection.db))) {
    return (await collection.deleteMany({ _id: { $in: [...ids] } } as Filter<T>)).deletedCount;
  }
  let deleted = 0;
  let next = 0;
  const remove = async () => {
    for (let index = next++; index < ids.length; index = next++) {
      const { deletedCount } = await collection.deleteOne({ _id: ids[index] } as Filter<T>);
      deleted += deletedCount; // Added after the await: `deleted += await …` would read it before.
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_LOOKUPS, ids.length) }, remove));
  return deleted;
}
