/**
 * What the change feed's store code sends to the MongoDB driver on each server kind, where the two
 * differ (ARCHITECTURE.md, "MongoDB and FerretDB: where the store's paths differ"): moving a mirror
 * write to a new feed position (feed-commit.ts), and reading and deleting many documents by `_id`
 * (find-by-ids.ts, used by the feed's reader and its retention). The MongoDB path is pinned here against
 * a fake Db that records every call; the FerretDB path also runs for real in the integration tests.
 */
import type { Db } from 'mongodb';

import { entityKey } from '../../../src/store/collections';
import { feedKey } from '../../../src/store/feed/feed-documents';
import { moveToNewPosition } from '../../../src/store/feed/feed-commit';
import { deleteByIds, findByIds } from '../../../src/store/find-by-ids';
import {
  onlyCall,
  recordingDb,
  sequence,
  withFilterOf,
  type Seed,
  type ServerKind,
  type StoredDocument,
} from '../../helpers/recording-db';

const PLATFORM = 'dialect.arlo.test';
const NOW = new Date('2026-11-20T10:00:01Z');
const id = entityKey(PLATFORM, 'Contact', '501');

beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask'] }));
afterEach(() => jest.useRealTimers());

describe('moveToNewPosition: moving a write whose feed position a reader voided', () => {
  /** The contact written at position 5, which a reader then voided; 6 is allocated to another write. */
  const voided = (): Seed => ({
    entities: [
      {
        _id: id,
        platform: PLATFORM,
        resourceType: 'Contact',
        resourceId: '501',
        lastModifiedDateTime: '2026-11-20T10:00:00Z',
        lastModifiedSortable: '2026-11-20T10:00:00.0000000Z',
        fields: { FirstName: 'Aroha' },
        links: [],
        related: {},
        deleted: false,
        source: 'webhook',
        feed: { position: 5, operation: 'updated', origin: 'arlo-edit' },
        syncedAt: NOW,
      },
    ],
    feed_changes: [
      { _id: feedKey(PLATFORM, 5), platform: PLATFORM, position: 5, kind: 'void', committedAt: NOW },
    ],
    feed_heads: [{ _id: PLATFORM, allocated: 6, updatedAt: NOW }],
  });

  const move = async (server: ServerKind) => {
    const fake = recordingDb(server, voided());
    await moveToNewPosition(fake.db, PLATFORM, id, 5);
    return { ...fake, update: onlyCall(fake.calls, 'entities', 'updateOne') };
  };

  it('MongoDB: the move is conditional on the old position, in the filter', async () => {
    const { update } = await move('mongodb');
    expect(update.args).toEqual([{ _id: id, 'feed.position': 5 }, { $set: { 'feed.position': 7 } }]);
  });

  it('FerretDB: the filter is _id alone (the read before decided; any other filter scans)', async () => {
    const { update } = await move('ferretdb');
    expect(update.args).toEqual([{ _id: id }, { $set: { 'feed.position': 7 } }]);
  });

  it('both: every other call is the same, and the change lands at the new position', async () => {
    const [mongodb, ferretdb] = [await move('mongodb'), await move('ferretdb')];
    expect(sequence(mongodb.calls)).toEqual([
      'entities.findOne', // still at the voided position?
      'feed_heads.findOne', // a new position: hint, slot insert, hint raised
      'feed_slots.insertMany',
      'feed_heads.updateOne',
      'entities.updateOne',
      'feed_changes.insertOne', // the change decided at the new position
    ]);
    expect(mongodb.calls[0]?.args).toEqual([{ _id: id }]);
    expect(withFilterOf(ferretdb.calls, ferretdb.update)).toEqual(
      withFilterOf(mongodb.calls, mongodb.update),
    );
    for (const { documents } of [mongodb, ferretdb]) {
      expect(documents('feed_changes').map((d) => [d.position, d.kind, d.operation])).toEqual([
        [5, 'void', undefined],
        [7, 'change', 'updated'],
      ]);
    }
  });
});

describe('findByIds and deleteByIds: many documents by _id', () => {
  const key = (position: number) => feedKey(PLATFORM, position);
  const held = [1, 2, 4].map((position): StoredDocument => ({
    _id: key(position),
    platform: PLATFORM,
    position,
    kind: 'void',
  }));
  const asked = [1, 2, 3, 4].map(key); // 3 is not held
  const seed = (): Seed => ({ feed_changes: held });
  const changes = (db: Db) => db.collection<StoredDocument>('feed_changes');
  const byId = (a: { args: readonly unknown[] }, b: { args: readonly unknown[] }) =>
    JSON.stringify(a.args).localeCompare(JSON.stringify(b.args));

  const find = async (server: ServerKind) => {
    const fake = recordingDb(server, seed());
    return { found: await findByIds(changes(fake.db), asked), calls: fake.calls };
  };
  const remove = async (server: ServerKind) => {
    const fake = recordingDb(server, seed());
    return {
      deleted: await deleteByIds(changes(fake.db), asked),
      left: fake.documents('feed_changes'),
      ...fake,
    };
  };

  it('MongoDB: one find with $in', async () => {
    const { calls } = await find('mongodb');
    expect(calls).toEqual([{ collection: 'feed_changes', method: 'find', args: [{ _id: { $in: asked } }] }]);
  });

  it('FerretDB: one findOne per _id (only a filter of _id alone is served by its index)', async () => {
    const { calls } = await find('ferretdb');
    expect([...calls].sort(byId)).toEqual(
      asked.map((_id) => ({ collection: 'feed_changes', method: 'findOne', args: [{ _id }] })),
    );
  });

  it('both: the same documents found, by _id', async () => {
    const [mongodb, ferretdb] = [await find('mongodb'), await find('ferretdb')];
    expect([...mongodb.found.keys()].sort()).toEqual([1, 2, 4].map(key));
    expect(ferretdb.found).toEqual(mongodb.found);
  });

  it('MongoDB: one deleteMany with $in', async () => {
    const { calls } = await remove('mongodb');
    expect(calls).toEqual([
      { collection: 'feed_changes', method: 'deleteMany', args: [{ _id: { $in: asked } }] },
    ]);
  });

  it('FerretDB: one deleteOne per _id', async () => {
    const { calls } = await remove('ferretdb');
    expect([...calls].sort(byId)).toEqual(
      asked.map((_id) => ({ collection: 'feed_changes', method: 'deleteOne', args: [{ _id }] })),
    );
  });

  it('both: the same count deleted, nothing left', async () => {
    const [mongodb, ferretdb] = [await remove('mongodb'), await remove('ferretdb')];
    expect([mongodb.deleted, ferretdb.deleted]).toEqual([3, 3]);
    expect([mongodb.left, ferretdb.left]).toEqual([[], []]);
  });

  it('both: no _id asked for, no call sent', async () => {
    for (const server of ['mongodb', 'ferretdb'] as const) {
      const fake = recordingDb(server, seed());
      expect((await findByIds(changes(fake.db), [])).size).toBe(0);
      expect(await deleteByIds(changes(fake.db), [])).toBe(0);
      expect(fake.calls).toEqual([]);
    }
  });
});
