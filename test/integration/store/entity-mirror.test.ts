/**
 * The mirror converges on the newest representation whatever order writes arrive in, with Arlo's full
 * 7-digit timestamp precision, and a tombstone is never resurrected — against the real MongoDB-protocol
 * server of the test stack.
 */
import { collections, entityKey } from '../../../src/store/collections';
import {
  findEntity,
  markMerged,
  tombstoneEntity,
  upsertEntity,
  type MirrorableEntity,
} from '../../../src/store/entity-mirror';
import { feedCollections, feedKey, recordOfChange } from '../../../src/store/feed/feed-documents';
import { ensureIndexes } from '../../../src/store/indexes';
import { recordOfMirrored } from '../../../src/store/mirror-record';
import type { MongoConnection } from '../../../src/store/mongo';
import { testMongo } from '../../helpers/test-stack';

let mongo: MongoConnection;
beforeAll(async () => {
  mongo = await testMongo();
  await ensureIndexes(mongo.db);
});
afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

function contact(id: string, lastModifiedDateTime: string, firstName: string): MirrorableEntity {
  return {
    resourceType: 'Contact',
    id,
    lastModifiedDateTime,
    fields: { ContactID: id, FirstName: firstName },
    links: [{ rel: 'self', href: `https://demo.arlo.co/api/2012-02-01/auth/resources/contacts/${id}/` }],
    related: {},
  };
}

describe('entity mirror', () => {
  it('keeps the newest representation, comparing all 7 fractional digits', async () => {
    const older = contact('1', '2024-01-15T10:00:00.1234567Z', 'older');
    const newer = contact('1', '2024-01-15T10:00:00.1234568Z', 'newer'); // 100 ns later, same millisecond
    expect(await upsertEntity(mongo.db, 'p1', newer, { source: 'webhook' })).toBe('inserted');
    expect(await upsertEntity(mongo.db, 'p1', older, { source: 'webhook' })).toBe('stale');
    expect(await upsertEntity(mongo.db, 'p1', newer, { source: 'bulk' })).toBe('unchanged');
    expect((await findEntity(mongo.db, 'p1', 'Contact', '1'))?.fields.FirstName).toBe('newer');
  });

  it('treats 3-digit and 7-digit forms of one instant as the same time', async () => {
    await upsertEntity(mongo.db, 'p1', contact('2', '2011-10-19T02:55:42.412Z', 'a'), { source: 'bulk' });
    expect(
      await upsertEntity(mongo.db, 'p1', contact('2', '2011-10-19T02:55:42.4120000Z', 'a'), {
        source: 'bulk',
      }),
    ).toBe('unchanged');
    expect(
      await upsertEntity(mongo.db, 'p1', contact('2', '2011-10-19T02:55:42.4120001Z', 'b'), {
        source: 'bulk',
      }),
    ).toBe('updated');
  });

  it('converges on the newest version for any arrival order, including concurrent writes', async () => {
    const versions = Array.from({ length: 12 }, (_, i) =>
      contact(
        '3',
        `2024-03-01T00:00:00.00000${String(i).padStart(2, '0')}Z`.replace('00000', '000'),
        `v${i}`,
      ),
    );
    const shuffled = [...versions].sort(() => Math.random() - 0.5);
    await Promise.all(shuffled.map((v) => upsertEntity(mongo.db, 'p1', v, { source: 'webhook' })));
    for (const v of [...versions].reverse()) await upsertEntity(mongo.db, 'p1', v, { source: 'webhook' });
    expect((await findEntity(mongo.db, 'p1', 'Contact', '3'))?.fields.FirstName).toBe('v11');
  });

  it('inserts a record once when several first versions arrive at the same time; the others compare', async () => {
    const versions = Array.from({ length: 8 }, (_, i) =>
      contact('30', `2024-03-02T00:00:00.000000${i}Z`, `v${i}`),
    );
    const outcomes = await Promise.all(
      versions.map((v) => upsertEntity(mongo.db, 'p1', v, { source: 'webhook' })),
    );
    expect(outcomes.filter((outcome) => outcome === 'inserted')).toHaveLength(1);
    expect(outcomes.every((outcome) => ['inserted', 'updated', 'stale'].includes(outcome))).toBe(true);
    expect(await mongo.db.collection('entities').countDocuments({ _id: 'p1:Contact:30' } as never)).toBe(1);
  });

  it('writes nothing for a version it already holds, or an older one', async () => {
    await upsertEntity(mongo.db, 'p1', contact('31', '2024-03-03T00:00:00Z', 'held'), { source: 'webhook' });
    const before = await findEntity(mongo.db, 'p1', 'Contact', '31');
    const now = new Date(Date.now() + 60_000);
    expect(
      await upsertEntity(mongo.db, 'p1', contact('31', '2024-03-03T00:00:00Z', 'same'), {
        source: 'bulk',
        now,
      }),
    ).toBe('unchanged');
    expect(
      await upsertEntity(mongo.db, 'p1', contact('31', '2024-03-02T00:00:00Z', 'older'), {
        source: 'bulk',
        now,
      }),
    ).toBe('stale');
    expect(await findEntity(mongo.db, 'p1', 'Contact', '31')).toEqual(before);
  });

  it('keeps a tombstone against any later stale upsert, also when the record was never seen', async () => {
    await upsertEntity(mongo.db, 'p1', contact('4', '2024-01-01T00:00:00Z', 'alive'), { source: 'webhook' });
    await tombstoneEntity(mongo.db, 'p1', 'Contact', '4', { eventId: '99' });
    expect(
      await upsertEntity(mongo.db, 'p1', contact('4', '2024-01-02T00:00:00Z', 'zombie'), { source: 'bulk' }),
    ).toBe('stale');
    expect(await findEntity(mongo.db, 'p1', 'Contact', '4')).toMatchObject({
      deleted: true,
      lastEventId: '99',
    });

    await tombstoneEntity(mongo.db, 'p1', 'Contact', '5');
    expect(
      await upsertEntity(mongo.db, 'p1', contact('5', '2024-01-02T00:00:00Z', 'late'), { source: 'webhook' }),
    ).toBe('stale');
    expect((await findEntity(mongo.db, 'p1', 'Contact', '5'))?.deleted).toBe(true);
  });

  it('scopes records by platform and points merged records at the survivor', async () => {
    await upsertEntity(mongo.db, 'p1', contact('6', '2024-01-01T00:00:00Z', 'p1'), { source: 'webhook' });
    await upsertEntity(mongo.db, 'p2', contact('6', '2023-01-01T00:00:00Z', 'p2'), { source: 'webhook' });
    expect((await findEntity(mongo.db, 'p2', 'Contact', '6'))?.fields.FirstName).toBe('p2');
    await markMerged(mongo.db, 'p1', 'Contact', '6', '7');
    expect((await findEntity(mongo.db, 'p1', 'Contact', '6'))?.mergedInto).toBe('7');
    expect((await findEntity(mongo.db, 'p2', 'Contact', '6'))?.mergedInto).toBeUndefined();
  });

  it('keeps the merge pointer for a source never mirrored, as a tombstone no stale write revives', async () => {
    await markMerged(mongo.db, 'p1', 'Contact', '8', '9');
    expect(await findEntity(mongo.db, 'p1', 'Contact', '8')).toMatchObject({
      mergedInto: '9',
      deleted: true,
    });
    expect(
      await upsertEntity(mongo.db, 'p1', contact('8', '2024-01-01T00:00:00Z', 'old'), { source: 'webhook' }),
    ).toBe('stale');
  });

  it('reads a document written with its record nested, and replaces the nesting when it writes a newer version', async () => {
    const legacy = contact('9', '2024-01-01T00:00:00.0000000Z', 'nested');
    await collections(mongo.db).entities.insertOne({
      _id: entityKey('p1', 'Contact', '9'),
      platform: 'p1',
      resourceType: 'Contact',
      resourceId: '9',
      lastModifiedDateTime: legacy.lastModifiedDateTime,
      lastModifiedSortable: legacy.lastModifiedDateTime,
      fields: { ...legacy.fields },
      links: legacy.links.map((link) => ({ ...link })),
      related: {},
      nested: {},
      deleted: false,
      source: 'bulk',
      syncedAt: new Date(),
    });
    expect((await findEntity(mongo.db, 'p1', 'Contact', '9'))?.fields.FirstName).toBe('nested');
    expect(await upsertEntity(mongo.db, 'p1', legacy, { source: 'webhook' })).toBe('unchanged');

    const newer = contact('9', '2024-02-01T00:00:00.0000000Z', 'text');
    expect(await upsertEntity(mongo.db, 'p1', newer, { source: 'webhook' })).toBe('updated');
    const stored = await collections(mongo.db).entities.findOne({ _id: entityKey('p1', 'Contact', '9') });
    expect(
      ['fields', 'links', 'related', 'nested'].filter((part) => stored !== null && part in stored),
    ).toEqual([]);
    expect(stored && recordOfMirrored(stored)).toEqual({
      fields: newer.fields,
      links: newer.links,
      related: {},
    });
    const change = await feedCollections(mongo.db).changes.findOne({
      _id: feedKey('p1', stored?.feed?.position ?? 0),
    });
    expect(change && recordOfChange(change)?.fields).toEqual(newer.fields);
  });
});
