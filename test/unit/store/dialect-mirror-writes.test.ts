/**
 * What the mirror's conditional writes send to the MongoDB driver on each server kind (ARCHITECTURE.md,
 * "MongoDB and FerretDB: where the store's paths differ"): upsertEntity's newest-wins update and the
 * removals' (tombstone, merge pointer) update. No MongoDB can be obtained on these machines, so the MongoDB
 * path is pinned here against a fake Db that records every call; the FerretDB path also runs for real in
 * every integration test and in the production lane.
 */
import type { Db } from 'mongodb';

import { entityKey } from '../../../src/store/collections';
import { upsertEntity, type MirrorableEntity } from '../../../src/store/entity-mirror';
import { markMerged, tombstoneEntity } from '../../../src/store/mirror-removals';
import {
  onlyCall,
  recordingDb,
  sequence,
  withFilterOf,
  type Seed,
  type ServerKind,
} from '../../helpers/recording-db';

const PLATFORM = 'dialect.arlo.test';
const NOW = new Date('2026-11-20T10:00:01Z');
const id = entityKey(PLATFORM, 'Contact', '501');
const contact: MirrorableEntity = {
  resourceType: 'Contact',
  id: '501',
  lastModifiedDateTime: '2026-11-20T10:00:00.1234567Z',
  fields: { FirstName: 'Aroha' },
  links: [],
  related: {},
};

/** An older version of the contact, written at feed position 7, the highest allocated so far. */
const olderVersion = (): Seed => ({
  entities: [
    {
      _id: id,
      platform: PLATFORM,
      resourceType: 'Contact',
      resourceId: '501',
      lastModifiedDateTime: '2026-11-19T09:00:00Z',
      lastModifiedSortable: '2026-11-19T09:00:00.0000000Z',
      fields: { FirstName: 'Ana' },
      links: [],
      related: {},
      deleted: false,
      source: 'webhook',
      feed: { position: 7, operation: 'created', origin: 'arlo-edit' },
      syncedAt: new Date('2026-11-19T09:00:01Z'),
    },
  ],
  feed_heads: [{ _id: PLATFORM, allocated: 7, updatedAt: new Date('2026-11-19T09:00:01Z') }],
});

/** The same operation on a fresh fake of each server kind, seeded alike. */
async function onBoth<T>(seed: () => Seed, operation: (db: Db) => Promise<T>) {
  const run = async (server: ServerKind) => {
    const fake = recordingDb(server, seed());
    return { result: await operation(fake.db), ...fake };
  };
  return { mongodb: await run('mongodb'), ferretdb: await run('ferretdb') };
}

/** The conditional update of `entities`, and every call around it, as each server kind received them. */
async function entityUpdateOnBoth(operation: (db: Db) => Promise<unknown>) {
  const { mongodb, ferretdb } = await onBoth(olderVersion, operation);
  const mongodbUpdate = onlyCall(mongodb.calls, 'entities', 'updateOne');
  const ferretdbUpdate = onlyCall(ferretdb.calls, 'entities', 'updateOne');
  return { mongodb, ferretdb, mongodbUpdate, ferretdbUpdate };
}

/** The feed position a write after `olderVersion` is given: the next after the highest allocated. */
const NEXT_POSITION = 8;
const newerFeed = { $or: [{ feed: { $exists: false } }, { 'feed.position': { $lt: NEXT_POSITION } }] };

beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask'] }));
afterEach(() => jest.useRealTimers());

describe('upsertEntity: the newest-wins update', () => {
  const upsert = (db: Db) => upsertEntity(db, PLATFORM, contact, { source: 'webhook', now: NOW });

  it('MongoDB: the condition is in the filter (atomic and indexed there)', async () => {
    const { mongodb, mongodbUpdate } = await entityUpdateOnBoth(upsert);
    expect(mongodb.result).toBe('updated');
    expect(mongodbUpdate.args[0]).toEqual({
      _id: id,
      deleted: false,
      lastModifiedSortable: { $lt: '2026-11-20T10:00:00.1234567Z' },
      ...newerFeed,
    });
  });

  it('FerretDB: the filter is _id alone (the read before decided; any other filter scans)', async () => {
    const { ferretdb, ferretdbUpdate } = await entityUpdateOnBoth(upsert);
    expect(ferretdb.result).toBe('updated');
    expect(ferretdbUpdate.args[0]).toEqual({ _id: id });
  });

  it('both: every other call is the same, the $set document included', async () => {
    const { mongodb, ferretdb, mongodbUpdate, ferretdbUpdate } = await entityUpdateOnBoth(upsert);
    expect(sequence(mongodb.calls)).toEqual([
      'entities.findOne', // the read by _id that decides
      'push_record_arlo_ids.findOne', // the change's origin: is this our own push's echo?
      'feed_heads.findOne', // the feed position: hint, slot insert, hint raised
      'feed_slots.insertMany',
      'feed_heads.updateOne',
      'entities.updateOne',
      'feed_changes.insertMany', // the change committed at its position
    ]);
    expect(mongodb.calls[0]?.args).toEqual([
      { _id: id },
      { projection: { lastModifiedSortable: 1, deleted: 1 } },
    ]);
    expect(withFilterOf(ferretdb.calls, ferretdbUpdate)).toEqual(withFilterOf(mongodb.calls, mongodbUpdate));
    const { $set, $unset } = mongodbUpdate.args[1] as Record<'$set' | '$unset', Record<string, unknown>>;
    expect($set).toMatchObject({
      recordJson: JSON.stringify({ fields: { FirstName: 'Aroha' }, links: [], related: {} }),
      lastModifiedSortable: '2026-11-20T10:00:00.1234567Z',
      feed: { position: NEXT_POSITION, operation: 'updated', origin: 'arlo-edit' },
    });
    expect($set).not.toHaveProperty('_id');
    // The older version was written with its record nested: the text replaces the nesting.
    expect($unset).toEqual({ fields: '', links: '', related: '', nested: '' });
    expect(mongodb.documents('entities')[0]).not.toHaveProperty('fields');
    expect(ferretdb.documents('entities')).toEqual(mongodb.documents('entities'));
  });

  it('both: a record not yet mirrored is one insert, with no condition to differ on', async () => {
    const { mongodb, ferretdb } = await onBoth(() => ({}), upsert);
    expect([mongodb.result, ferretdb.result]).toEqual(['inserted', 'inserted']);
    expect(sequence(mongodb.calls)).toContain('entities.insertOne');
    expect(sequence(mongodb.calls)).not.toContain('entities.updateOne');
    expect(ferretdb.calls).toEqual(mongodb.calls);
  });
});

describe('tombstoneEntity and markMerged: the removal update', () => {
  const tombstone = (db: Db) =>
    tombstoneEntity(db, PLATFORM, 'Contact', '501', { eventId: '9001', now: NOW });
  const merge = (db: Db) => markMerged(db, PLATFORM, 'Contact', '501', '502');

  it('MongoDB: "not deleted yet" and "newer feed position" are in the filter', async () => {
    const { mongodbUpdate } = await entityUpdateOnBoth(tombstone);
    expect(mongodbUpdate.args[0]).toEqual({ _id: id, deleted: { $ne: true }, ...newerFeed });
  });

  it('MongoDB: "not pointing at this survivor yet" and "newer feed position" are in the filter', async () => {
    const { mongodbUpdate } = await entityUpdateOnBoth(merge);
    expect(mongodbUpdate.args[0]).toEqual({ _id: id, mergedInto: { $ne: '502' }, ...newerFeed });
  });

  it('FerretDB: the filter of both is _id alone (the read before decided)', async () => {
    expect((await entityUpdateOnBoth(tombstone)).ferretdbUpdate.args[0]).toEqual({ _id: id });
    expect((await entityUpdateOnBoth(merge)).ferretdbUpdate.args[0]).toEqual({ _id: id });
  });

  it.each([
    ['tombstoneEntity', tombstone, { deleted: true, syncedAt: NOW, lastEventId: '9001' }, 'deleted'],
    ['markMerged', merge, { mergedInto: '502', syncedAt: NOW }, 'merged'],
  ])('both, %s: every other call is the same, the $set document included', async (_, op, set, operation) => {
    const { mongodb, ferretdb, mongodbUpdate, ferretdbUpdate } = await entityUpdateOnBoth(op);
    expect(sequence(mongodb.calls)).toEqual([
      'entities.findOne', // the read by _id that decides
      'feed_heads.findOne',
      'feed_slots.insertMany',
      'feed_heads.updateOne',
      'entities.updateOne',
      'entities.findOne', // the whole record read back for the feed
      'feed_changes.insertMany',
    ]);
    expect(withFilterOf(ferretdb.calls, ferretdbUpdate)).toEqual(withFilterOf(mongodb.calls, mongodbUpdate));
    expect(mongodbUpdate.args[1]).toEqual({
      $set: { ...set, feed: { position: NEXT_POSITION, operation, origin: 'arlo-edit' } },
    });
  });
});
