/**
 * The embedded FerretDB looks documents up by `_id` with an index (tools/ferretdb/id_index.go). Without
 * it, FerretDB 1.24's SQLite backend scans the whole table for every find, update and delete by `_id`,
 * and the pull path slows down as the mirror and the ledger grow. The query plan is read through the
 * MongoDB protocol (`explain`), from the real server the tests run against.
 */
import type { Db } from 'mongodb';

interface Doc {
  _id: string;
  n?: number;
}

import type { MongoConnection } from '../../../src/store/mongo';
import { testMongo } from '../../helpers/test-stack';

const OUR_INDEX = /SEARCH \S+ USING INDEX \S+__arlo_sync_id_lookup/;

let mongo: MongoConnection;
beforeAll(async () => (mongo = await testMongo()));
afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

/** The SQLite plan of `find({ _id })` as FerretDB's explain reports it. */
async function idLookupPlan(db: Db, collection: string): Promise<string> {
  // SQLite reloads a connection's schema when a statement reads the database; EXPLAIN does not, so a
  // read first lets the plan see an index created since this connection last looked.
  await db.collection<Doc>(collection).findOne({ _id: 'any' });
  const explained = await db.command({ explain: { find: collection, filter: { _id: 'any' } } });
  const plan: unknown = explained.queryPlanner?.Plan;
  return Array.isArray(plan) ? plan.join('\n') : JSON.stringify(explained);
}

/** Polls until the plan uses our index (the wrapper indexes new tables once a second). */
async function waitForIndexedPlan(db: Db, collection: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let plan = await idLookupPlan(db, collection);
  while (!OUR_INDEX.test(plan) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    plan = await idLookupPlan(db, collection);
  }
  return plan;
}

describe('the embedded FerretDB indexes lookups by _id', () => {
  it('a new collection gets the index within seconds, and reads and writes by _id stay correct', async () => {
    const name = 'id_lookup_new';
    const collection = mongo.db.collection<Doc>(name);
    await collection.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `doc-${n}`, n })));

    expect(await waitForIndexedPlan(mongo.db, name)).toMatch(OUR_INDEX);

    await collection.updateOne({ _id: 'doc-7' }, { $set: { n: 700 } });
    await collection.replaceOne({ _id: 'doc-8' }, { n: 800 });
    await collection.deleteOne({ _id: 'doc-9' });
    expect(await collection.findOne({ _id: 'doc-7' })).toEqual({ _id: 'doc-7', n: 700 });
    expect(await collection.findOne({ _id: 'doc-8' })).toEqual({ _id: 'doc-8', n: 800 });
    expect(await collection.findOne({ _id: 'doc-9' })).toBeNull();
    expect(await collection.countDocuments()).toBe(49);
    // FerretDB's own unique index on _id still holds.
    await expect(collection.insertOne({ _id: 'doc-1', n: 1 })).rejects.toMatchObject({ code: 11000 });
  });

  it('a collection dropped and created again is indexed again', async () => {
    const name = 'id_lookup_recreated';
    await mongo.db.collection<Doc>(name).insertOne({ _id: 'first' });
    expect(await waitForIndexedPlan(mongo.db, name)).toMatch(OUR_INDEX);

    await mongo.db.collection(name).drop();
    await mongo.db.collection<Doc>(name).insertOne({ _id: 'second' });

    expect(await waitForIndexedPlan(mongo.db, name)).toMatch(OUR_INDEX);
    expect(await mongo.db.collection<Doc>(name).findOne({ _id: 'second' })).toEqual({ _id: 'second' });
  });

  it('the index is invisible to MongoDB clients: listIndexes shows only the indexes they created', async () => {
    const name = 'id_lookup_listed';
    const collection = mongo.db.collection<Doc>(name);
    await collection.insertOne({ _id: 'x', n: 1 });
    await collection.createIndex({ n: 1 });
    await waitForIndexedPlan(mongo.db, name);

    const names = (await collection.listIndexes().toArray()).map((index) => String(index.name)).sort();
    expect(names).toEqual(['_id_', 'n_1']);
  });
});
