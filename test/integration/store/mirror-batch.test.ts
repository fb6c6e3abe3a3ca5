/**
 * A PlatformEvents batch applied together (`applyPlatformEvents`, src/store/mirror-batch.ts) leaves the
 * mirror and the change feed exactly as applying its events one by one does, with the same outcome per
 * event: checked side by side on two platforms of the real MongoDB-protocol server, from the same start
 * (records held older, newer, equal, tombstoned) through a batch with every kind of event in it, among
 * them `Created` events, whose records the batch does not read before inserting them.
 */
import {
  applyPlatformEvent,
  applyPlatformEvents,
  type MirrorablePlatformEvent,
} from '../../../src/store/apply-platform-event';
import { collections } from '../../../src/store/collections';
import { tombstoneEntity, upsertEntity } from '../../../src/store/entity-mirror';
import { feedCollections } from '../../../src/store/feed/feed-documents';
import * as feedPositions from '../../../src/store/feed/feed-positions';
import { ensureIndexes } from '../../../src/store/indexes';
import { readMirrored } from '../../../src/store/mirror-record';
import type { MongoConnection } from '../../../src/store/mongo';
import { contact, updatedEvent } from '../../helpers/fake-platform-events';
import { testMongo, uniqueName } from '../../helpers/test-stack';

let mongo: MongoConnection;
beforeAll(async () => {
  mongo = await testMongo();
  await ensureIndexes(mongo.db);
});
afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

const T = (second: number) => `2024-05-01T10:00:${String(second).padStart(2, '0')}.0000000Z`;

async function startingState(platform: string) {
  const options = { source: 'webhook' } as const;
  await upsertEntity(mongo.db, platform, contact('older', T(1), 'old'), options);
  await upsertEntity(mongo.db, platform, contact('newer', T(50), 'new'), options);
  await upsertEntity(mongo.db, platform, contact('equal', T(5), 'same'), options);
  await upsertEntity(mongo.db, platform, contact('deleted', T(5), 'gone'), options);
  await tombstoneEntity(mongo.db, platform, 'Contact', 'deleted', { eventId: '1' });
  await upsertEntity(mongo.db, platform, contact('doomed', T(5), 'doomed'), options);
  await upsertEntity(mongo.db, platform, contact('walked', T(1), 'by the walk'), options);
}

/** A `Created` event: its batch inserts the record without reading the mirror first. */
const createdEvent = (eventId: string, entity: ReturnType<typeof contact>): MirrorablePlatformEvent => ({
  ...updatedEvent(eventId, entity),
  action: 'Created',
});

const BATCH: MirrorablePlatformEvent[] = [
  updatedEvent('101', contact('new-1', T(10), 'fresh')),
  updatedEvent('102', contact('older', T(10), 'replaced')),
  updatedEvent('103', contact('newer', T(10), 'behind')),
  updatedEvent('104', contact('equal', T(5), 'same')),
  updatedEvent('105', contact('deleted', T(10), 'revived?')),
  updatedEvent('106', contact('twice', T(10), 'first')),
  updatedEvent('107', contact('twice', T(20), 'second')),
  { id: '108', action: 'Deleted', resourceType: 'Contact', resourceId: 'doomed' },
  updatedEvent('109', contact('doomed', T(30), 'after delete')),
  { id: '110', action: 'Updated', resourceType: 'Contact', resourceId: 'vanished' },
  updatedEvent('111', contact('bad-time', 'yesterday', 'x')),
  updatedEvent('112', contact('new-2', T(10), 'fresh')),
  createdEvent('113', contact('new-3', T(10), 'created')),
  // Created, yet the mirror holds an older version (a bulk walk got there first): decided by a fresh read.
  createdEvent('114', contact('walked', T(10), 'created after the walk')),
];

/** The mirror and feed of a platform, without what differs by platform or by clock. */
async function snapshot(platform: string) {
  const mirror = await collections(mongo.db)
    .entities.find({ platform }, { sort: { resourceId: 1 } })
    .toArray();
  const feed = await feedCollections(mongo.db)
    .changes.find({ platform, kind: 'change' }, { sort: { position: 1 } })
    .toArray();
  return {
    mirror: mirror.map(({ resourceId, lastModifiedDateTime, fields, deleted, lastEventId, feed: stamp }) => ({
      resourceId,
      lastModifiedDateTime,
      fields,
      deleted,
      lastEventId,
      operation: stamp?.operation,
      origin: stamp?.origin,
    })),
    changes: feed.map((c) => `${c.resourceId} ${c.operation} ${c.origin} ${c.lastModifiedDateTime}`).sort(),
    positions: feed.map((c) => c.position),
  };
}

describe('applyPlatformEvents', () => {
  it('leaves the mirror and the feed as applying the events one by one does, with the same outcomes', async () => {
    const oneByOne = uniqueName('one-by-one');
    const together = uniqueName('together');
    await startingState(oneByOne);
    await startingState(together);

    const expected = [];
    for (const event of BATCH) expected.push(await applyPlatformEvent(mongo.db, oneByOne, event));
    const actual = await applyPlatformEvents(mongo.db, together, BATCH);

    expect(actual).toEqual(expected);
    expect(actual.map((r) => ('outcome' in r ? r.outcome : r.rejected.type))).toEqual([
      'inserted',
      'updated',
      'stale',
      'unchanged',
      'stale',
      'inserted',
      'updated',
      'tombstoned',
      'stale',
      'resource-gone',
      'MalformedEntity',
      'inserted',
      'inserted',
      'updated',
    ]);
    const [a, b] = [await snapshot(oneByOne), await snapshot(together)];
    expect(b.mirror).toEqual(a.mirror);
    expect(b.changes).toEqual(a.changes);
    // Every position holds one change: nothing voided, nothing allocated twice.
    expect(new Set(b.positions).size).toBe(b.positions.length);
    expect(b.positions).toEqual([...b.positions].sort((x, y) => x - y));
  });

  it('decides again from a fresh read when another writer inserted a record first', async () => {
    const platform = uniqueName('raced');
    // What a concurrent writer stored between the batch's read and its insert: newer than the batch's.
    const racing = contact('contested', T(40), 'other writer');
    const batch = [
      updatedEvent('201', contact('contested', T(30), 'batch')),
      updatedEvent('202', contact('free', T(30), 'batch')),
    ];
    // The other writer's version lands after the batch read the mirror, before it writes.
    const realAllocate = feedPositions.allocatePositions;
    const allocate = jest
      .spyOn(feedPositions, 'allocatePositions')
      .mockImplementationOnce(async (...args: Parameters<typeof realAllocate>) => {
        await upsertEntity(mongo.db, platform, racing, { source: 'webhook' });
        return realAllocate(...args);
      });
    try {
      const results = await applyPlatformEvents(mongo.db, platform, batch);
      expect(results).toEqual([{ outcome: 'stale' }, { outcome: 'inserted' }]);
      expect(allocate).toHaveBeenCalled();
    } finally {
      allocate.mockRestore();
    }
    const stored = await collections(mongo.db).entities.findOne({ platform, resourceId: 'contested' });
    expect(stored && readMirrored(stored).fields.FirstName).toBe('other writer');
    const feed = await feedCollections(mongo.db)
      .changes.find({ platform }, { sort: { position: 1 } })
      .toArray();
    // The lost insert's position is voided, so readers pass it.
    expect(feed.map((c) => c.kind).sort()).toEqual(['change', 'change', 'void']);
  });
});
