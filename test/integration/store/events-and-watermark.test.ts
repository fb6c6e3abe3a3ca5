import type { MongoConnection } from '../../../src/store/mongo';
import {
  isEventProcessed,
  recordProcessedEvent,
  unprocessedEventIds,
} from '../../../src/store/processed-events';
import { advanceWatermark, readWatermark } from '../../../src/store/watermarks';
import { testMongo } from '../../helpers/test-stack';

let mongo: MongoConnection;
beforeAll(async () => (mongo = await testMongo()));
afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

const event = (eventId: string) => ({
  eventId,
  type: 'Contact.Updated',
  resourceType: 'Contact',
  resourceId: '1',
  outcome: 'mirrored',
});

describe('processed events', () => {
  it('records each event once per platform and lists the unprocessed ones', async () => {
    expect(await recordProcessedEvent(mongo.db, 'p1', event('108'))).toBe(true);
    expect(await recordProcessedEvent(mongo.db, 'p1', event('108'))).toBe(false);
    expect(await recordProcessedEvent(mongo.db, 'p2', event('108'))).toBe(true);
    expect(await isEventProcessed(mongo.db, 'p1', '108')).toBe(true);
    expect(await isEventProcessed(mongo.db, 'p1', '109')).toBe(false);
    expect(await unprocessedEventIds(mongo.db, 'p1', ['107', '108', '109'])).toEqual(['107', '109']);
  });
});

describe('watermark', () => {
  it('only moves up, exactly, for 64-bit IDs beyond 2^53 arriving in any order and concurrently', async () => {
    const base = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a JS number
    const ids = Array.from({ length: 40 }, (_, i) => (base + BigInt(i) * 7n).toString());
    const highest = ids[ids.length - 1]!;
    const shuffled = [...ids].sort(() => Math.random() - 0.5);
    // As the pull path does it: record each event in the ledger, then advance the watermark.
    await Promise.all(
      shuffled.map(async (id) => {
        await recordProcessedEvent(mongo.db, 'wm', event(id));
        await advanceWatermark(mongo.db, 'wm', id);
      }),
    );
    expect((await readWatermark(mongo.db, 'wm'))?.eventId).toBe(highest);

    expect(await advanceWatermark(mongo.db, 'wm', ids[0]!)).toBe(false);
    expect((await readWatermark(mongo.db, 'wm'))?.eventId).toBe(highest);
  });

  it('repairs a stored watermark that a concurrent lower write pulled back, from the ledger', async () => {
    await recordProcessedEvent(mongo.db, 'wm3', event('500'));
    await advanceWatermark(mongo.db, 'wm3', '400'); // as if the write for 500 had been overtaken
    expect((await readWatermark(mongo.db, 'wm3'))?.eventId).toBe('500');
    expect(await advanceWatermark(mongo.db, 'wm3', '450')).toBe(false);
  });

  it('compares numerically, not lexicographically, across different digit counts', async () => {
    await advanceWatermark(mongo.db, 'wm2', '99');
    expect(await advanceWatermark(mongo.db, 'wm2', '100')).toBe(true);
    expect(await advanceWatermark(mongo.db, 'wm2', '99')).toBe(false);
    expect((await readWatermark(mongo.db, 'wm2'))?.eventId).toBe('100');
  });
});
