import { upsertEntities } from '../../../src/store/bulk-mirror';
import { collections } from '../../../src/store/collections';
import {
  findEntity,
  tombstoneEntity,
  upsertEntity,
  type MirrorableEntity,
} from '../../../src/store/entity-mirror';
import type { MongoConnection } from '../../../src/store/mongo';
import { testMongo } from '../../helpers/test-stack';

let mongo: MongoConnection;
beforeAll(async () => (mongo = await testMongo()));
afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

function contact(id: string, lastModifiedDateTime: string, firstName = `First ${id}`): MirrorableEntity {
  return {
    resourceType: 'Contact',
    id,
    lastModifiedDateTime,
    fields: { FirstName: firstName },
    links: [],
    related: {},
  };
}

describe('upsertEntities', () => {
  it('inserts new records, updates older ones, leaves equal and newer ones and tombstones alone', async () => {
    const platform = 'bulk-mirror-1';
    await upsertEntity(mongo.db, platform, contact('2', '2024-01-01T00:00:00.0000001Z'), {
      source: 'webhook',
    });
    await upsertEntity(mongo.db, platform, contact('3', '2024-01-01T00:00:00.0000005Z'), {
      source: 'webhook',
    });
    await upsertEntity(mongo.db, platform, contact('4', '2024-01-02T00:00:00.0000000Z', 'Newer'), {
      source: 'webhook',
    });
    await tombstoneEntity(mongo.db, platform, 'Contact', '5');

    const result = await upsertEntities(
      mongo.db,
      platform,
      [
        contact('1', '2024-01-01T00:00:00.0000001Z'),
        contact('2', '2024-01-01T00:00:00.0000002Z', 'Changed'), // 100 ns newer
        contact('3', '2024-01-01T00:00:00.0000005Z'),
        contact('4', '2024-01-01T00:00:00.0000000Z', 'Older'),
        contact('5', '2024-01-01T00:00:00.0000000Z'),
      ],
      { source: 'reconcile' },
    );

    expect(result).toEqual({ inserted: ['1'], updated: ['2'], notNewer: 3 });
    expect((await findEntity(mongo.db, platform, 'Contact', '2'))?.fields.FirstName).toBe('Changed');
    expect((await findEntity(mongo.db, platform, 'Contact', '2'))?.source).toBe('reconcile');
    expect((await findEntity(mongo.db, platform, 'Contact', '4'))?.fields.FirstName).toBe('Newer');
    expect((await findEntity(mongo.db, platform, 'Contact', '5'))?.deleted).toBe(true);
  });

  it('is idempotent: the same page twice writes nothing the second time', async () => {
    const platform = 'bulk-mirror-2';
    const page = Array.from({ length: 250 }, (_, i) =>
      contact(String(i + 1), '2024-01-01T00:00:00.1234567Z'),
    );
    const first = await upsertEntities(mongo.db, platform, page, { source: 'bulk' });
    const second = await upsertEntities(mongo.db, platform, page, { source: 'bulk' });
    expect(first.inserted).toHaveLength(250);
    expect(second).toEqual({ inserted: [], updated: [], notNewer: 250 });
    expect(await collections(mongo.db).entities.countDocuments({ platform })).toBe(250);
  });

  it('inserts exactly the records the mirror does not hold when new and held ones interleave', async () => {
    const platform = 'bulk-mirror-3';
    const held = new Set(['1', '4', '5', '10']);
    for (const id of held) {
      await upsertEntity(mongo.db, platform, contact(id, '2024-06-01T00:00:00.0000000Z', 'Held'), {
        source: 'webhook',
      });
    }
    const page = Array.from({ length: 10 }, (_, i) =>
      contact(String(i + 1), '2024-01-01T00:00:00.0000000Z', 'Page'),
    );

    const result = await upsertEntities(mongo.db, platform, page, { source: 'bulk' });

    expect([...result.inserted].sort()).toEqual(['2', '3', '6', '7', '8', '9']);
    expect(result).toMatchObject({ updated: [], notNewer: 4 });
    for (const { id } of page) {
      const stored = await findEntity(mongo.db, platform, 'Contact', id);
      expect(stored?.fields.FirstName).toBe(held.has(id) ? 'Held' : 'Page');
    }
    expect(await collections(mongo.db).entities.countDocuments({ platform })).toBe(10);
  });
});
