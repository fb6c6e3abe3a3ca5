/**
 * The Arlo ID → push record direction, against the real MongoDB-protocol server of the test stack: found
 * through its `_id`-keyed pointer, never through a pointer a moved mapping left behind, and given back
 * to records written before the pointers existed by the worker's start-up backfill.
 */
import type { MongoConnection } from '../../../src/store/mongo';
import { arloIdKey, pushRecordArloIds } from '../../../src/store/push-record-arlo-ids';
import {
  backfillArloIdPointers,
  findPushRecordByArloId,
  pushRecordKey,
  pushRecords,
  recordOwnWrite,
  saveMapping,
} from '../../../src/store/push-records';
import { testMongo } from '../../helpers/test-stack';

let mongo: MongoConnection;
beforeAll(async () => {
  mongo = await testMongo();
});
afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

const key = (externalId: string) => ({ platform: 'p1', resourceType: 'Contact', externalId });
const write = (arloId: string, lastModifiedDateTime: string) => ({
  arloId,
  lastModifiedDateTime,
  pushed: { fields: { FirstName: 'Ada' } },
});

describe('push records by Arlo ID', () => {
  it('finds the record a mapping or a push named, on its platform and type only', async () => {
    await saveMapping(mongo.db, key('HR-1'), '101');
    await recordOwnWrite(mongo.db, key('HR-2'), write('102', '2026-01-01T10:00:00.000Z'));

    expect((await findPushRecordByArloId(mongo.db, 'p1', 'Contact', '101'))?.externalId).toBe('HR-1');
    expect((await findPushRecordByArloId(mongo.db, 'p1', 'Contact', '102'))?.externalId).toBe('HR-2');
    expect(await findPushRecordByArloId(mongo.db, 'p1', 'Contact', '103')).toBeNull();
    expect(await findPushRecordByArloId(mongo.db, 'p2', 'Contact', '101')).toBeNull();
    expect(await findPushRecordByArloId(mongo.db, 'p1', 'Organisation', '101')).toBeNull();
  });

  it('no longer answers for an Arlo ID the mapping moved away from', async () => {
    await saveMapping(mongo.db, key('HR-3'), '201');
    await recordOwnWrite(mongo.db, key('HR-3'), write('202', '2026-01-01T10:00:00.000Z')); // made again

    expect(await findPushRecordByArloId(mongo.db, 'p1', 'Contact', '201')).toBeNull();
    expect((await findPushRecordByArloId(mongo.db, 'p1', 'Contact', '202'))?.externalId).toBe('HR-3');
    // The old pointer is still there: only the record's own arloId makes the answer.
    expect(
      await pushRecordArloIds(mongo.db).findOne({ _id: arloIdKey('p1', 'Contact', '201') }),
    ).not.toBeNull();
  });

  it('does not confirm a pointer whose record was never written (a crash between the two writes)', async () => {
    await pushRecordArloIds(mongo.db).insertOne({
      _id: arloIdKey('p1', 'Contact', '301'),
      platform: 'p1',
      resourceType: 'Contact',
      arloId: '301',
      externalId: 'HR-4',
      updatedAt: new Date(),
    });
    expect(await findPushRecordByArloId(mongo.db, 'p1', 'Contact', '301')).toBeNull();
  });

  it('backfills pointers for records written without them, once, keeping the newest mapping of an ID', async () => {
    const legacy = (externalId: string, arloId: string, updatedAt: string) => ({
      _id: pushRecordKey('p9', 'Contact', externalId),
      platform: 'p9',
      resourceType: 'Contact',
      externalId,
      arloId,
      ownWrites: [],
      updatedAt: new Date(updatedAt),
    });
    await pushRecords(mongo.db).insertMany([
      legacy('HR-10', '401', '2026-01-01T00:00:00Z'),
      legacy('HR-11', '402', '2026-01-02T00:00:00Z'), // merged away into 402 by HR-12 later
      legacy('HR-12', '402', '2026-01-03T00:00:00Z'),
      {
        _id: pushRecordKey('p9', 'Contact', 'HR-13'),
        ...key('HR-13'),
        platform: 'p9',
        updatedAt: new Date(),
      },
    ]);
    expect(await findPushRecordByArloId(mongo.db, 'p9', 'Contact', '401')).toBeNull();

    expect(await backfillArloIdPointers(mongo.db)).toBe(2);
    expect((await findPushRecordByArloId(mongo.db, 'p9', 'Contact', '401'))?.externalId).toBe('HR-10');
    expect((await findPushRecordByArloId(mongo.db, 'p9', 'Contact', '402'))?.externalId).toBe('HR-12');
    expect(await backfillArloIdPointers(mongo.db)).toBe(0);
  });

  it('lets two workers starting together backfill the same records: each pointer is added once, no error', async () => {
    await pushRecords(mongo.db).insertMany(
      ['HR-20', 'HR-21', 'HR-22'].map((externalId, i) => ({
        _id: pushRecordKey('p8', 'Contact', externalId),
        platform: 'p8',
        resourceType: 'Contact',
        externalId,
        arloId: String(500 + i),
        updatedAt: new Date(),
      })),
    );
    const added = await Promise.all([backfillArloIdPointers(mongo.db), backfillArloIdPointers(mongo.db)]);
    expect(added[0] + added[1]).toBe(3);
    expect(await pushRecordArloIds(mongo.db).countDocuments({ platform: 'p8' })).toBe(3);
  });
});
