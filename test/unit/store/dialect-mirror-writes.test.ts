/**
 * What the store sends to the MongoDB driver on each server kind, where the two differ (ARCHITECTURE.md,
 * "MongoDB and FerretDB: where the store's paths differ"). No MongoDB can be obtained on these machines,
 * so the MongoDB path is pinned here against a fake Db that records every call; the FerretDB path runs for
 * real in every integration test and in the production lane.
 */
import type { Db } from 'mongodb';

import { entityKey } from '../../../src/store/collections';
import { upsertEntity, type MirrorableEntity } from '../../../src/store/entity-mirror';

interface Call {
  readonly collection: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

/**
 * A Db whose server says what it is (buildInfo) and whose collections answer from `stored` (one document
 * per `_id`), recording every call. Writes report one match; they change nothing stored.
 */
function recordingDb(server: 'mongodb' | 'ferretdb', stored: Record<string, Record<string, unknown>>) {
  const calls: Call[] = [];
  const buildInfo =
    server === 'ferretdb' ? { version: '7.0.77', ferretdbVersion: 'v1.24.2' } : { version: '7.0.14' };
  const collection = (name: string) => {
    const record =
      (method: string, answer: (...args: unknown[]) => unknown) =>
      (...args: unknown[]) => {
        calls.push({ collection: name, method, args });
        return Promise.resolve(answer(...args));
      };
    return {
      findOne: record('findOne', (filter) => stored[(filter as { _id: string })._id] ?? null),
      insertOne: record('insertOne', () => ({ acknowledged: true })),
      updateOne: record('updateOne', () => ({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 })),
    };
  };
  const db = {
    admin: () => ({ command: () => Promise.resolve({ ...buildInfo, ok: 1 }) }),
    collection,
  } as unknown as Db;
  return { db, calls };
}

const PLATFORM = 'dialect.arlo.test';
const contact: MirrorableEntity = {
  resourceType: 'Contact',
  id: '501',
  lastModifiedDateTime: '2026-11-20T10:00:00.1234567Z',
  fields: { FirstName: 'Aroha' },
  links: [],
  related: {},
};
const id = entityKey(PLATFORM, 'Contact', '501');
const now = new Date('2026-11-20T10:00:01Z');
const olderVersion = {
  [id]: { _id: id, lastModifiedSortable: '2026-11-19T09:00:00.0000000Z', deleted: false },
};
const readById = {
  collection: 'entities',
  method: 'findOne',
  args: [{ _id: id }, { projection: { lastModifiedSortable: 1, deleted: 1 } }],
};

describe('upsertEntity: what each server kind receives', () => {
  it('MongoDB: reads by _id, then updates with the newest-wins condition in the filter (atomic there)', async () => {
    const { db, calls } = recordingDb('mongodb', olderVersion);
    expect(await upsertEntity(db, PLATFORM, contact, { source: 'webhook', now })).toBe('updated');
    expect(calls.map((c) => ({ ...c, args: c.args.slice(0, 1) }))).toEqual([
      { ...readById, args: readById.args.slice(0, 1) },
      {
        collection: 'entities',
        method: 'updateOne',
        args: [{ _id: id, deleted: false, lastModifiedSortable: { $lt: '2026-11-20T10:00:00.1234567Z' } }],
      },
    ]);
  });

  it('FerretDB: reads by _id, then updates by _id alone (the read decided; any other filter scans)', async () => {
    const { db, calls } = recordingDb('ferretdb', olderVersion);
    expect(await upsertEntity(db, PLATFORM, contact, { source: 'webhook', now })).toBe('updated');
    expect(calls.map((c) => ({ ...c, args: c.args.slice(0, 1) }))).toEqual([
      { ...readById, args: readById.args.slice(0, 1) },
      { collection: 'entities', method: 'updateOne', args: [{ _id: id }] },
    ]);
  });

  it('both: the same read and the same $set document', async () => {
    const sent = async (server: 'mongodb' | 'ferretdb') => {
      const { db, calls } = recordingDb(server, olderVersion);
      await upsertEntity(db, PLATFORM, contact, { source: 'webhook', now });
      return { read: calls[0]?.args, update: calls[1]?.args.slice(1) };
    };
    const [mongodb, ferretdb] = await Promise.all([sent('mongodb'), sent('ferretdb')]);
    expect(ferretdb).toEqual(mongodb);
    expect(mongodb.read).toEqual(readById.args);
  });

  it('both: a record not yet mirrored is one insert, with no condition to differ on', async () => {
    for (const server of ['mongodb', 'ferretdb'] as const) {
      const { db, calls } = recordingDb(server, {});
      expect(await upsertEntity(db, PLATFORM, contact, { source: 'webhook', now })).toBe('inserted');
      expect(calls.map((c) => c.method)).toEqual(['findOne', 'insertOne']);
    }
  });
});
