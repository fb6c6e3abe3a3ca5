/**
 * What a batch's mirror write (upsertBatchOfEntities, src/store/mirror-batch.ts) sends to the MongoDB
 * driver on each server kind: the read of what the mirror holds is one `$in` on MongoDB and one lookup by
 * `_id` per record on FerretDB, and the update of an older version carries its newest-wins condition in
 * the filter on MongoDB only. No MongoDB can be obtained on these machines, so the MongoDB path is pinned
 * here against a fake Db that records every call; the FerretDB path also runs for real in every
 * integration test (test/integration/store/mirror-batch.test.ts) and in the production lane.
 */

import { entityKey } from '../../../src/store/collections';
import { upsertBatchOfEntities } from '../../../src/store/mirror-batch';
import { contact } from '../../helpers/fake-platform-events';
import { onlyCall, recordingDb, sequence, type Seed, type ServerKind } from '../../helpers/recording-db';

const PLATFORM = 'dialect.arlo.test';
const NOW = new Date('2026-12-05T10:00:01Z');

/** Contact 601 mirrored in an older version, at feed position 3, the highest allocated so far. */
const seed = (): Seed => ({
  entities: [
    {
      _id: entityKey(PLATFORM, 'Contact', '601'),
      platform: PLATFORM,
      resourceType: 'Contact',
      resourceId: '601',
      lastModifiedDateTime: '2026-12-04T09:00:00Z',
      lastModifiedSortable: '2026-12-04T09:00:00.0000000Z',
      fields: { FirstName: 'Old' },
      links: [],
      related: {},
      deleted: false,
      source: 'webhook',
      feed: { position: 3, operation: 'created', origin: 'arlo-edit' },
      syncedAt: new Date('2026-12-04T09:00:01Z'),
    },
  ],
  feed_heads: [{ _id: PLATFORM, allocated: 3, updatedAt: new Date('2026-12-04T09:00:01Z') }],
});

const versions = [
  { entity: contact('601', '2026-12-05T09:00:00Z', 'Newer'), eventId: '9001' },
  { entity: contact('602', '2026-12-05T09:00:00Z', 'New'), eventId: '9002' },
];

const SERVERS: readonly ServerKind[] = ['mongodb', 'ferretdb'];

/** A version whose event says the record was just created. */
const createdVersion = (id: string, firstName: string, eventId: string) => ({
  entity: contact(id, '2026-12-05T09:00:00Z', firstName),
  eventId,
  created: true,
});

async function batchOn(server: ServerKind) {
  const fake = recordingDb(server, seed());
  const outcomes = await upsertBatchOfEntities(fake.db, PLATFORM, versions, 'webhook');
  return { outcomes, ...fake };
}

beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }));
afterEach(() => jest.useRealTimers());

describe('upsertBatchOfEntities on each server kind', () => {
  it('MongoDB: one $in read for the batch, and the newest-wins condition in the update filter', async () => {
    const mongodb = await batchOn('mongodb');
    expect(mongodb.outcomes).toEqual(['updated', 'inserted']);
    const read = onlyCall(mongodb.calls, 'entities', 'find');
    expect(read.args[0]).toEqual({
      _id: { $in: ['601', '602'].map((id) => entityKey(PLATFORM, 'Contact', id)) },
    });
    const update = onlyCall(mongodb.calls, 'entities', 'bulkWrite');
    expect(update.args[0]).toEqual([
      {
        updateOne: expect.objectContaining({
          filter: expect.objectContaining({
            _id: entityKey(PLATFORM, 'Contact', '601'),
            deleted: false,
            lastModifiedSortable: { $lt: '2026-12-05T09:00:00.0000000Z' },
          }),
        }),
      },
    ]);
    expect(sequence(mongodb.calls)).not.toContain('entities.updateOne');
  });

  it('FerretDB: a lookup by _id per record (its $in scans), and an update filtered by _id alone', async () => {
    const ferretdb = await batchOn('ferretdb');
    expect(ferretdb.outcomes).toEqual(['updated', 'inserted']);
    expect(sequence(ferretdb.calls).filter((call) => call === 'entities.findOne')).toHaveLength(2);
    expect(sequence(ferretdb.calls)).not.toContain('entities.find');
    const update = onlyCall(ferretdb.calls, 'entities', 'bulkWrite');
    expect(update.args[0]).toEqual([
      { updateOne: expect.objectContaining({ filter: { _id: entityKey(PLATFORM, 'Contact', '601') } }) },
    ]);
  });

  it.each(SERVERS)(
    '%s: a record its event says was just created is inserted without a read',
    async (server) => {
      const fake = recordingDb(server, seed());
      const batch = [...versions, createdVersion('603', 'Created', '9003')];
      expect(await upsertBatchOfEntities(fake.db, PLATFORM, batch, 'webhook')).toEqual([
        'updated',
        'inserted',
        'inserted',
      ]);
      const reads = fake.calls.filter((c) => c.collection === 'entities' && c.method.startsWith('find'));
      expect(JSON.stringify(reads)).not.toContain(entityKey(PLATFORM, 'Contact', '603'));
      expect(fake.documents('entities').map((d) => d.resourceId)).toContain('603');
    },
  );

  it.each(SERVERS)(
    '%s: a created record the mirror already holds is decided from a fresh read',
    async (server) => {
      const fake = recordingDb(server, seed());
      // Contact 601 is held (older): its insert is refused, and the fresh read makes it an update.
      const batch = [createdVersion('601', 'Newer', '9001')];
      expect(await upsertBatchOfEntities(fake.db, PLATFORM, batch, 'webhook')).toEqual(['updated']);
      expect(fake.documents('entities').find((d) => d.resourceId === '601')?.lastEventId).toBe('9001');
    },
  );

  it('both: the same records end in the mirror and the same changes in the feed', async () => {
    const [mongodb, ferretdb] = [await batchOn('mongodb'), await batchOn('ferretdb')];
    expect(ferretdb.documents('entities')).toEqual(mongodb.documents('entities'));
    expect(ferretdb.documents('feed_changes')).toEqual(mongodb.documents('feed_changes'));
    expect(mongodb.documents('feed_changes').map((c) => [c.position, c.resourceId, c.operation])).toEqual([
      [4, '601', 'updated'],
      [5, '602', 'created'],
    ]);
  });
});
