import { advanceCatchUpCheckpoint, readCatchUpCheckpoint } from '../../../src/store/catch-up-checkpoints';
import type { MongoConnection } from '../../../src/store/mongo';
import { testMongo } from '../../helpers/test-stack';

let mongo: MongoConnection;
beforeAll(async () => (mongo = await testMongo()));
afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

describe('catch-up checkpoints', () => {
  it('starts absent and only moves up, numerically, per platform', async () => {
    expect(await readCatchUpCheckpoint(mongo.db, 'p')).toBeUndefined();
    await advanceCatchUpCheckpoint(mongo.db, 'p', '99');
    await advanceCatchUpCheckpoint(mongo.db, 'p', '9007199254740993');
    await advanceCatchUpCheckpoint(mongo.db, 'p', '100'); // A late retry of an older page.
    expect(await readCatchUpCheckpoint(mongo.db, 'p')).toBe('9007199254740993');
    expect(await readCatchUpCheckpoint(mongo.db, 'other')).toBeUndefined();
  });
});
