/**
 * A fake `Db` that records every call the store makes to the driver, for the dialect tests
 * (test/unit/store/dialect-*.test.ts) that pin what the MongoDB path and the FerretDB path send. The
 * server says what it is through `buildInfo`, as each real one does (src/store/store-dialect.ts).
 *
 * Its collections hold documents by `_id` and answer only filters on `_id` (`{ _id }` or
 * `{ _id: { $in } }`, all the functions under test send); any other filter throws. Inserts refuse a held
 * `_id` as a server does (code 11000; per document for `insertMany`). `updateOne` finds its document by
 * the filter's `_id` and does NOT evaluate any further condition: the tests assert the conditions as
 * sent, and the fake then applies `$set` (dotted paths too), `$unset` (top-level keys) and `$max`,
 * upserting when asked; `bulkWrite` takes `updateOne` operations alone and applies each so.
 * Projections are ignored.
 */
import { MongoBulkWriteError, type Db } from 'mongodb';

export type ServerKind = 'mongodb' | 'ferretdb';

export interface DriverCall {
  readonly collection: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

export type StoredDocument = { _id: string } & Record<string, unknown>;

/** Documents to start with, by collection name. */
export type Seed = Record<string, readonly StoredDocument[]>;

const BUILD_INFO: Record<ServerKind, Record<string, unknown>> = {
  mongodb: { version: '7.0.14', ok: 1 },
  ferretdb: { version: '7.0.77', ferretdbVersion: 'v1.24.2', ok: 1 },
};

function idsOf(filter: unknown): string[] {
  const id = (filter as { _id?: unknown })._id;
  if (typeof id === 'string') return [id];
  const list = (id as { $in?: unknown } | undefined)?.$in;
  if (Array.isArray(list)) return list as string[];
  throw new Error(`the recording Db answers only filters on _id, not ${JSON.stringify(filter)}`);
}

function applyUpdate(document: Record<string, unknown>, update: Record<string, Record<string, unknown>>) {
  for (const [path, value] of Object.entries(update.$set ?? {})) {
    const keys = path.split('.');
    let at = document;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys[keys.length - 1] as string] = structuredClone(value);
  }
  for (const key of Object.keys(update.$unset ?? {})) Reflect.deleteProperty(document, key);
  for (const [key, value] of Object.entries(update.$max ?? {})) {
    if (!((document[key] as number) >= (value as number))) document[key] = value;
  }
}

interface UpdateOneOperation {
  readonly filter: unknown;
  readonly update: never;
  readonly upsert?: boolean;
}

const duplicateKey = (id: string) => Object.assign(new Error(`E11000 duplicate key: ${id}`), { code: 11000 });

export function recordingDb(server: ServerKind, seed: Seed = {}) {
  const calls: DriverCall[] = [];
  const stores = new Map<string, Map<string, StoredDocument>>();
  const store = (name: string) => {
    let held = stores.get(name);
    if (!held) stores.set(name, (held = new Map((seed[name] ?? []).map((d) => [d._id, structuredClone(d)]))));
    return held;
  };
  const made = new Map<string, object>();
  const collection = (name: string) => {
    const docs = store(name);
    const record = (method: string, args: unknown[]) =>
      calls.push({ collection: name, method, args: structuredClone(args) });
    const answer =
      <A extends unknown[], R>(method: string, act: (...args: A) => R) =>
      async (...args: A): Promise<Awaited<R>> => {
        record(method, args);
        return await act(...args);
      };
    const insert = (document: StoredDocument) => {
      if (docs.has(document._id)) return false;
      docs.set(document._id, structuredClone(document));
      return true;
    };
    const updateOne = (filter: unknown, update: never, options?: { upsert?: boolean }) => {
      const [id] = idsOf(filter) as [string];
      const held = docs.get(id);
      if (!held && !options?.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
      const document = held ?? { _id: id };
      applyUpdate(document, update);
      docs.set(id, document);
      return { matchedCount: held ? 1 : 0, modifiedCount: held ? 1 : 0, upsertedCount: held ? 0 : 1 };
    };
    const copies = (filter: unknown) =>
      idsOf(filter).flatMap((id) => (docs.has(id) ? [structuredClone(docs.get(id))] : []));
    return {
      db,
      findOne: answer('findOne', (filter: unknown, _options?: unknown) => copies(filter)[0] ?? null),
      find: (filter: unknown) => {
        record('find', [filter]);
        return { toArray: () => Promise.resolve(copies(filter)) };
      },
      insertOne: answer('insertOne', (document: StoredDocument) => {
        if (!insert(document)) throw duplicateKey(document._id);
        return { acknowledged: true, insertedId: document._id };
      }),
      insertMany: answer('insertMany', (documents: StoredDocument[], _options?: unknown) => {
        const writeErrors = documents.flatMap((d, index) => (insert(d) ? [] : [{ index, code: 11000 }]));
        if (writeErrors.length === 0) return { acknowledged: true, insertedCount: documents.length };
        const error = { message: 'E11000 duplicate key', code: 11000, writeErrors };
        throw new MongoBulkWriteError(error as never, {} as never);
      }),
      updateOne: answer('updateOne', updateOne),
      bulkWrite: answer(
        'bulkWrite',
        (operations: { updateOne?: UpdateOneOperation }[], _options?: unknown) => {
          let matchedCount = 0;
          for (const operation of operations) {
            if (!operation.updateOne) throw new Error('the recording Db answers only updateOne in bulkWrite');
            const { filter, update, upsert } = operation.updateOne;
            matchedCount += updateOne(filter, update, { upsert }).matchedCount;
          }
          return { matchedCount, modifiedCount: matchedCount };
        },
      ),
      deleteOne: answer('deleteOne', (filter: unknown) => ({
        deletedCount: Number(docs.delete(idsOf(filter)[0] as string)),
      })),
      deleteMany: answer('deleteMany', (filter: unknown) => ({
        deletedCount: idsOf(filter).filter((id) => docs.delete(id)).length,
      })),
    };
  };
  const db = {
    admin: () => ({ command: () => Promise.resolve(BUILD_INFO[server]) }),
    collection: (name: string) => {
      if (!made.has(name)) made.set(name, collection(name));
      return made.get(name);
    },
  } as unknown as Db;
  /** What the collection holds now (copies), by `_id`. */
  const documents = (name: string) => [...store(name).values()].map((d) => structuredClone(d));
  return { db, calls, documents };
}

/** The calls as `collection.method`, to pin a sequence. */
export const sequence = (calls: readonly DriverCall[]) => calls.map((c) => `${c.collection}.${c.method}`);

/** The one call to `collection.method` (fails the test when there is not exactly one). */
export function onlyCall(calls: readonly DriverCall[], collection: string, method: string): DriverCall {
  const matching = calls.filter((c) => c.collection === collection && c.method === method);
  if (matching.length !== 1) throw new Error(`${matching.length} calls to ${collection}.${method}, not 1`);
  return matching[0] as DriverCall;
}

/** The calls with the filter (first argument) of `call` replaced, to compare everything else. */
export const withFilterOf = (calls: readonly DriverCall[], call: DriverCall) =>
  calls.map((c) => (c === call ? { ...c, args: ['<the filter>', ...c.args.slice(1)] } : c));
