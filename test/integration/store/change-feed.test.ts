/**
 * The change feed on the real MongoDB-protocol server of the test stack (the embedded FerretDB, whose
 * updates are read-then-write): every mirror write is recorded once, in an order a reader can trust while
 * writers commit out of order, and a reader never passes a position whose change is not visible yet.
 */
import { upsertEntities } from '../../../src/store/bulk-mirror';
import { collections, entityKey } from '../../../src/store/collections';
import {
  markMerged,
  tombstoneEntity,
  upsertEntity,
  type MirrorableEntity,
} from '../../../src/store/entity-mirror';
import { commitMirrorWrites } from '../../../src/store/feed/feed-commit';
import {
  feedCollections,
  feedKey,
  recordOfChange,
  type FeedChangeDocument,
} from '../../../src/store/feed/feed-documents';
import { allocatePositions } from '../../../src/store/feed/feed-positions';
import { pruneChangeFeed } from '../../../src/store/feed/feed-prune';
import {
  FeedCursorExpiredError,
  readChangeFeed,
  type ReadFeedOptions,
} from '../../../src/store/feed/feed-reader';
import { recordOfMirrored } from '../../../src/store/mirror-record';
import type { MongoConnection } from '../../../src/store/mongo';
import { saveMapping, recordOwnWrite } from '../../../src/store/push-records';
import { testMongo, uniqueName } from '../../helpers/test-stack';

jest.setTimeout(180_000);

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

/** `2024-05-01T00:00:00.000000<n>Z`-style versions that sort by n (n < 10,000,000). */
const at = (n: number) => `2024-05-01T00:00:00.${String(n).padStart(7, '0')}Z`;

/** Reads the whole feed after `after`, page by page, as a consumer would. */
async function readAll(platform: string, after = 0, options: Partial<ReadFeedOptions> = {}) {
  const seen: FeedChangeDocument[] = [];
  let cursor = after;
  for (;;) {
    const page = await readChangeFeed(mongo.db, platform, { after: cursor, limit: 7, ...options });
    seen.push(...page.changes);
    if (page.next === cursor) return { seen, cursor };
    cursor = page.next;
  }
}

describe('change feed', () => {
  it('records created, updated, deleted and merged changes in order, each with its origin', async () => {
    const platform = uniqueName('feed');
    await upsertEntity(mongo.db, platform, contact('1', at(1), 'Ann'), { source: 'webhook' });
    await upsertEntity(mongo.db, platform, contact('1', at(2), 'Anne'), { source: 'webhook' });
    await upsertEntity(mongo.db, platform, contact('1', at(2), 'Anne'), { source: 'webhook' }); // duplicate
    await upsertEntity(mongo.db, platform, contact('1', at(1), 'Ann'), { source: 'webhook' }); // stale
    await upsertEntities(mongo.db, platform, [contact('2', at(5)), contact('1', at(3), 'Annie')], {
      source: 'bulk',
    });
    await upsertEntity(mongo.db, platform, contact('2', at(6)), { source: 'reconcile' });
    await tombstoneEntity(mongo.db, platform, 'Contact', '2');
    await tombstoneEntity(mongo.db, platform, 'Contact', '2'); // redelivered delete
    await markMerged(mongo.db, platform, 'Contact', '1', '9');

    const { seen } = await readAll(platform);
    expect(
      seen.map((c) => [
        c.resourceId,
        c.operation,
        c.origin,
        c.lastModifiedDateTime,
        recordOfChange(c)?.fields.FirstName,
      ]),
    ).toEqual([
      ['1', 'created', 'arlo-edit', at(1), 'Ann'],
      ['1', 'updated', 'arlo-edit', at(2), 'Anne'],
      ['2', 'created', 'bulk', at(5), 'First 2'],
      ['1', 'updated', 'bulk', at(3), 'Annie'],
      ['2', 'updated', 'reconcile', at(6), 'First 2'],
      ['2', 'deleted', 'arlo-edit', at(6), 'First 2'],
      ['1', 'merged', 'arlo-edit', at(3), 'Annie'],
    ]);
    expect(recordOfChange(seen.at(-1) as FeedChangeDocument)?.mergedInto).toBe('9');
    expect(seen.map((c) => c.position)).toEqual([...seen.map((c) => c.position)].sort((a, b) => a - b));
  });

  it('marks the echo of our own push as such (its LastModifiedDateTime is one the push recorded)', async () => {
    const platform = uniqueName('feed');
    const key = { platform, resourceType: 'Contact', externalId: 'HR-1' };
    await saveMapping(mongo.db, key, '40');
    await recordOwnWrite(mongo.db, key, {
      arloId: '40',
      lastModifiedDateTime: at(7),
      pushed: { fields: { FirstName: 'Sam' } },
    });
    await upsertEntity(mongo.db, platform, contact('40', at(7), 'Sam'), { source: 'webhook' });
    await upsertEntity(mongo.db, platform, contact('40', at(8), 'Samuel'), { source: 'webhook' });
    const { seen } = await readAll(platform);
    expect(seen.map((c) => c.origin)).toEqual(['push-echo', 'arlo-edit']);
  });

  it('stops before a position allocated but not written yet, and continues once it is', async () => {
    const platform = uniqueName('feed');
    await upsertEntity(mongo.db, platform, contact('1', at(1)), { source: 'webhook' });
    // A slow writer: its position is allocated, its mirror write has not happened yet.
    const slowId = entityKey(platform, 'Contact', '2');
    const [slow] = (await allocatePositions(mongo.db, platform, [slowId])) as [number];
    await upsertEntity(mongo.db, platform, contact('3', at(3)), { source: 'webhook' });

    const first = await readAll(platform);
    expect(first.seen.map((c) => c.resourceId)).toEqual(['1']);
    expect(first.cursor).toBe(slow - 1); // Not past the undecided position, though a later one is committed.

    // The writer finishes: its change becomes visible at its position, before the later one.
    const written = { _id: slowId, ...mirrorDoc(platform, '2', at(2)), feed: stamp(slow) };
    await collections(mongo.db).entities.insertOne(written);
    await commitMirrorWrites(mongo.db, platform, [written]);
    const rest = await readAll(platform, first.cursor);
    expect(rest.seen.map((c) => c.resourceId)).toEqual(['2', '3']);
  });

  it('commits the change of a writer that died after its mirror write (the reader helps)', async () => {
    const platform = uniqueName('feed');
    const id = entityKey(platform, 'Contact', '1');
    const [position] = (await allocatePositions(mongo.db, platform, [id])) as [number];
    await collections(mongo.db).entities.insertOne({
      _id: id,
      ...mirrorDoc(platform, '1', at(1)),
      feed: stamp(position),
    });
    const { seen } = await readAll(platform, 0, { gapTimeoutMs: 3_600_000 });
    expect(seen.map((c) => [c.position, c.resourceId, recordOfChange(c)?.fields.FirstName])).toEqual([
      [position, '1', 'First 1'],
    ]);
  });

  it('voids a position whose allocator died before writing; a late writer moves to a new position', async () => {
    const platform = uniqueName('feed');
    const id = entityKey(platform, 'Contact', '1');
    const [dead] = (await allocatePositions(mongo.db, platform, [id])) as [number];
    await upsertEntity(mongo.db, platform, contact('5', at(5)), { source: 'webhook' });
    expect((await readAll(platform, 0, { gapTimeoutMs: 3_600_000 })).seen).toEqual([]);

    const afterVoid = await readAll(platform, 0, { gapTimeoutMs: 0 });
    expect(afterVoid.seen.map((c) => c.resourceId)).toEqual(['5']);
    expect((await feedCollections(mongo.db).changes.findOne({ _id: feedKey(platform, dead) }))?.kind).toBe(
      'void',
    );

    // The "dead" writer was only slow: it writes now, finds its position void, and moves.
    const written = { _id: id, ...mirrorDoc(platform, '1', at(1)), feed: stamp(dead) };
    await collections(mongo.db).entities.insertOne(written);
    await commitMirrorWrites(mongo.db, platform, [written]);
    const late = await readAll(platform, afterVoid.cursor);
    expect(late.seen.map((c) => c.resourceId)).toEqual(['1']);
    expect(late.seen[0]?.position).toBeGreaterThan(dead);
    expect((await collections(mongo.db).entities.findOne({ _id: id }))?.feed?.position).toBe(
      late.seen[0]?.position,
    );
  });

  it('keeps every change visible and in order for a consumer reading while many writers commit out of order', async () => {
    const platform = uniqueName('feed');
    const records = 40;
    const writers = 8;
    const writesPerWriter = 40;
    // Each record's versions go through one writer at a time (as the pull path writes a batch's events one
    // at a time); different records are written concurrently, bulk pages included, so commits finish out of
    // position order all the time.
    const chains = new Map<string, Promise<unknown>>();
    const serialised = (id: string, write: () => Promise<unknown>) => {
      const next = (chains.get(id) ?? Promise.resolve()).then(write);
      chains.set(
        id,
        next.catch(() => undefined),
      );
      return next;
    };
    let version = 0;
    const writer = async (w: number) => {
      for (let i = 0; i < writesPerWriter; i++) {
        const id = String((w * 7 + i * 13) % records);
        const v = ++version;
        if (i % 10 === 9) {
          const page = [
            contact(id, at(v), `bulk ${v}`),
            contact(String((Number(id) + 1) % records), at(v), `bulk ${v}`),
          ];
          await Promise.all(
            page.map((e) =>
              serialised(e.id, () => upsertEntities(mongo.db, platform, [e], { source: 'bulk' })),
            ),
          );
        } else {
          await serialised(id, () =>
            upsertEntity(mongo.db, platform, contact(id, at(v), `v${v}`), { source: 'webhook' }),
          );
        }
      }
    };

    // The consumer: reads with a small page size while the writers run, applying changes in order.
    const state = new Map<string, { version: string; name: string | undefined }>();
    const positions: number[] = [];
    let cursor = 0;
    let writing = true;
    const consume = async () => {
      for (;;) {
        const page = await readChangeFeed(mongo.db, platform, { after: cursor, limit: 5 });
        for (const change of page.changes) {
          positions.push(change.position);
          state.set(change.resourceId ?? '', {
            version: change.lastModifiedDateTime ?? '',
            name: recordOfChange(change)?.fields.FirstName,
          });
        }
        if (page.next === cursor && !writing) return;
        cursor = page.next;
        if (page.changes.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const consumer = consume();
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    writing = false;
    await consumer;

    // Once per position, in position order.
    expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
    // Nothing was passed by: every change in the store is one the consumer saw.
    const stored = await feedCollections(mongo.db).changes.find({ platform, kind: 'change' }).toArray();
    expect(stored.map((c) => c.position).sort((a, b) => a - b)).toEqual(positions);
    // Applying the changes in feed order gives exactly the mirror.
    const mirror = await collections(mongo.db).entities.find({ platform }).toArray();
    expect(mirror).toHaveLength(records);
    for (const record of mirror) {
      expect(state.get(record.resourceId)).toEqual({
        version: record.lastModifiedDateTime,
        name: recordOfMirrored(record).fields.FirstName,
      });
    }
    // The commits really did finish out of position order.
    const byPosition = [...stored].sort((a, b) => a.position - b.position);
    const outOfOrder = byPosition.filter(
      (c, i) => i > 0 && c.committedAt < (byPosition[i - 1] as FeedChangeDocument).committedAt,
    );
    process.stderr.write(
      `[change feed] ${stored.length} changes, ${outOfOrder.length} committed before an earlier position\n`,
    );
  });

  it('finds committed changes past a head hint that lags behind (FerretDB can lose a $max)', async () => {
    const platform = uniqueName('feed');
    for (let i = 1; i <= 20; i++) {
      await upsertEntity(mongo.db, platform, contact(String(i), at(i)), { source: 'webhook' });
    }
    await feedCollections(mongo.db).heads.updateOne({ _id: platform }, { $set: { allocated: 3 } });
    expect((await readAll(platform)).seen.map((c) => c.resourceId)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i + 1)),
    );
  });

  it('keeps the newest changes whatever their age', async () => {
    const platform = uniqueName('feed');
    for (let i = 1; i <= 5; i++)
      await upsertEntity(mongo.db, platform, contact(String(i), at(i)), { source: 'webhook' });
    // Nothing is old enough yet, and the newest 1,000 positions are kept whatever their age.
    expect((await pruneChangeFeed(mongo.db, platform, { retentionMs: 0 })).deleted).toBe(0);
    expect((await readAll(platform)).seen).toHaveLength(5);
  });

  it('prunes changes older than the retention beyond the newest 1,000; their cursors expire clearly', async () => {
    const platform = uniqueName('feed');
    for (let round = 0; round < 5; round++) {
      const page = Array.from({ length: 250 }, (_, i) => contact(String(round * 250 + i), at(i + 1)));
      await upsertEntities(mongo.db, platform, page, { source: 'bulk' });
    }
    const pruned = await pruneChangeFeed(mongo.db, platform, {
      retentionMs: 0,
      now: new Date(Date.now() + 1000),
    });
    expect(pruned.oldest).toBe(251); // 1,250 positions; the newest 1,000 kept.
    expect(pruned.deleted).toBe(250);
    const expired = readChangeFeed(mongo.db, platform, { after: 100, limit: 10 });
    await expect(expired).rejects.toBeInstanceOf(FeedCursorExpiredError);
    await expect(expired).rejects.toThrow(/re-read the records from a bulk snapshot/);
    const kept = await readChangeFeed(mongo.db, platform, { after: 250, limit: 10 });
    expect(kept.changes[0]?.position).toBe(251);
  });
});

function mirrorDoc(platform: string, id: string, lastModifiedDateTime: string) {
  return {
    platform,
    resourceType: 'Contact',
    resourceId: id,
    lastModifiedDateTime,
    lastModifiedSortable: lastModifiedDateTime,
    fields: { FirstName: `First ${id}` },
    links: [],
    related: {},
    deleted: false,
    source: 'webhook' as const,
    syncedAt: new Date(),
  };
}

function stamp(position: number) {
  return { position, operation: 'created', origin: 'arlo-edit' } as const;
}
