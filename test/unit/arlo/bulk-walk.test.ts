/**
 * The bulk cursor (src/domain/bulk-cursor.ts) with the query strings of src/arlo/bulk-query.ts, walked
 * against an in-memory collection that evaluates filters at full 7-digit precision (the precision trap
 * of api-notes.md is real there). Every record is returned, none twice unless it changed, no walk loops,
 * and the number of requests stays close to records / page size.
 */
import { FakeArloCollection } from '../../helpers/fake-arlo-collection';
import { later, prng, timestamp, walk, walkSegmented } from '../../helpers/bulk-walk-driver';
import type { BulkRecord } from '../../../src/domain/bulk-cursor';

const BASE_MS = Date.parse('2024-01-15T08:00:00.000Z');
const PAGE_SIZES = Array.from({ length: 250 }, (_, index) => index + 1);

/** Requests a walk of m records may take: two main pages per page of records, plus each drained millisecond. */
function requestBound(records: readonly BulkRecord[], pageSize: number, extra = 0): number {
  const perMillisecond = new Map<string, number>();
  for (const record of records) {
    const ms = record.lastModifiedDateTime.slice(0, 23);
    perMillisecond.set(ms, (perMillisecond.get(ms) ?? 0) + 1);
  }
  const drains = [...perMillisecond.values()]
    .filter((count) => count >= pageSize)
    .reduce((sum, count) => sum + Math.ceil((count + 1) / pageSize) + 1, 0);
  return 2 * Math.ceil((records.length + extra) / pageSize) + drains + 2;
}

function sameMillisecond(count: number, tick: (index: number) => number): BulkRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    id: String(1000 + ((index * 7919) % count)), // IDs not in timestamp order
    lastModifiedDateTime: timestamp(BASE_MS, tick(index)),
  }));
}

function expectEveryRecordOnce(collection: FakeArloCollection, result: ReturnType<typeof walk>): void {
  expect([...result.returned.keys()].sort()).toEqual(collection.ids().sort());
  expect([...result.returned.values()].every((count) => count === 1)).toBe(true);
}

describe('600 records in one millisecond', () => {
  it.each([
    ['identical 7-digit timestamps', () => 1234],
    ['distinct sub-millisecond ticks', (index: number) => (index * 37) % 10_000],
    ['ticks all at the millisecond boundary', () => 0],
  ])('%s: every page size from 1 to 250 returns each record exactly once', (_what, tick) => {
    const records = sameMillisecond(600, tick);
    for (const pageSize of PAGE_SIZES) {
      const collection = new FakeArloCollection('ContactID', records);
      const result = walk(collection, pageSize);
      expectEveryRecordOnce(collection, result);
      expect(result.requests).toBeLessThanOrEqual(requestBound(records, pageSize));
    }
  });

  it('surrounded by other records, with the crowded millisecond cut by page boundaries', () => {
    const records = [
      ...Array.from({ length: 300 }, (_, index) => ({
        id: String(5000 + index),
        lastModifiedDateTime: timestamp(BASE_MS - 1 - index, index),
      })),
      ...sameMillisecond(600, (index) => (index * 13) % 10_000),
      ...Array.from({ length: 300 }, (_, index) => ({
        id: String(9000 + index),
        lastModifiedDateTime: timestamp(BASE_MS + 1 + (index % 3), index),
      })),
    ];
    for (const pageSize of [1, 7, 99, 100, 101, 250]) {
      const collection = new FakeArloCollection('ContactID', records);
      const result = walk(collection, pageSize);
      expectEveryRecordOnce(collection, result);
      expect(result.requests).toBeLessThanOrEqual(requestBound(records, pageSize));
    }
  });
});

describe('random collections', () => {
  function randomRecords(random: () => number): BulkRecord[] {
    const count = Math.floor(random() * 700);
    const layout = Math.floor(random() * 4);
    const ids = new Set<string>();
    while (ids.size < count) {
      ids.add(
        random() < 0.1
          ? String(BigInt(Math.floor(random() * 2 ** 53)) * 1000n + 7n)
          : String(1 + Math.floor(random() * 1e6)),
      );
    }
    return [...ids].map((id) => {
      const ms =
        BASE_MS +
        (layout === 0
          ? Math.floor(random() * 3)
          : layout === 1
            ? Math.floor(random() * 40)
            : Math.floor(random() * 100_000));
      const tick = layout === 3 ? 0 : Math.floor(random() * 10_000);
      return { id, lastModifiedDateTime: timestamp(ms, tick) };
    });
  }

  it('return every record exactly once within the request bound (300 seeded datasets)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = prng(seed);
      const records = randomRecords(random);
      const pageSize = 1 + Math.floor(random() * 250);
      const collection = new FakeArloCollection('ContactID', records);
      const result = walk(collection, pageSize);
      expect({ seed, missing: collection.size - result.returned.size }).toEqual({ seed, missing: 0 });
      expectEveryRecordOnce(collection, result);
      expect(result.requests).toBeLessThanOrEqual(requestBound(records, pageSize));
    }
  });

  it('return every record at least once while records are updated during the walk (200 seeded datasets)', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = prng(1_000 + seed);
      const records = [...randomRecords(random), ...sameMillisecond(300, (index) => index % 3)];
      const unique = [...new Map(records.map((record) => [record.id, record])).values()];
      const pageSize = 1 + Math.floor(random() * 250);
      const collection = new FakeArloCollection('ContactID', unique);
      const ids = collection.ids();
      let updates = 0;
      const result = walk(collection, pageSize, {
        beforeRequest: (requestsSoFar) => {
          // A few records change between the first 50 requests: each moves later, often into the newest
          // millisecond. (Changes must stop at some point: a walk cannot outrun a collection that changes
          // faster than it is read; those changes are what webhooks are for.)
          if (requestsSoFar >= 50) return;
          for (let i = 0; i < 3; i += 1) {
            const id = ids[Math.floor(random() * ids.length)];
            if (id === undefined) continue;
            collection.touch(id, later(collection.latest(), 1 + Math.floor(random() * 15_000)));
            updates += 1;
          }
        },
      });
      expect({ seed, missing: ids.filter((id) => !result.returned.has(id)) }).toEqual({ seed, missing: [] });
      expect(result.requests).toBeLessThanOrEqual(requestBound(unique, pageSize, updates) + updates);
    }
  });
});

describe('segmented walks (several pages in flight, each over its own time range)', () => {
  /** Records spread over 100 s, with a crowded millisecond somewhere (often on or near a boundary). */
  function spreadRecords(random: () => number): BulkRecord[] {
    const count = 1 + Math.floor(random() * 700);
    const crowdedMs = BASE_MS + Math.floor(random() * 100_000);
    const records = new Map<string, BulkRecord>();
    while (records.size < count) {
      const id = String(1 + Math.floor(random() * 1e6));
      const ms = random() < 0.3 ? crowdedMs : BASE_MS + Math.floor(random() * 100_000);
      records.set(id, { id, lastModifiedDateTime: timestamp(ms, Math.floor(random() * 10_000)) });
    }
    return [...records.values()];
  }
  /** The walk starts just after the newest record: boundaries lie inside the data. */
  const startedAfter = (collection: FakeArloCollection) => later(collection.latest(), 10_000);

  it('return every record exactly once, and use their segments (300 seeded datasets)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = prng(5_000 + seed);
      const records = spreadRecords(random);
      const pageSize = 1 + Math.floor(random() * 100);
      const segments = 2 + Math.floor(random() * 4);
      const collection = new FakeArloCollection('ContactID', records);
      const result = walkSegmented(collection, pageSize, {
        segments,
        startedAt: startedAfter(collection),
        random,
      });
      expect({ seed, missing: collection.size - result.returned.size }).toEqual({ seed, missing: 0 });
      expectEveryRecordOnce(collection, result);
      // Each segment may spend one short page more than a single cursor would, and halving follows the
      // records down to their scale: at most a few dozen segments over 100 seconds of timestamps.
      expect(result.requests).toBeLessThanOrEqual(requestBound(records, pageSize) + 2 * result.created);
      expect(result.created).toBeLessThanOrEqual(segments * Math.ceil(Math.log2(100_000)) + segments);
      if (records.length > pageSize) expect({ seed, segments: result.segments }).toEqual({ seed, segments });
    }
  });

  it('re-read the open-ended segment with one cursor: one page when nothing changed (100 seeded datasets)', () => {
    let rechecked = 0;
    for (let seed = 1; seed <= 100; seed += 1) {
      const random = prng(7_000 + seed);
      const collection = new FakeArloCollection('ContactID', spreadRecords(random));
      const pageSize = 1 + Math.floor(random() * 100);
      // Started an hour after the newest record: the open-ended segment's range is an hour wide.
      const startedAt = later(collection.latest(), 3_600 * 10_000_000);
      const result = walkSegmented(collection, pageSize, { segments: 4, startedAt, random });
      expectEveryRecordOnce(collection, result);
      // Nothing was updated during the walk, so the re-read finds nothing: one page, not the hour halved.
      expect({ seed, recheck: result.recheckRequests }).toEqual({
        seed,
        recheck: Math.min(1, result.recheckRequests),
      });
      rechecked += result.recheckRequests;
    }
    // The open-ended segment did stop before the others in some walks (else the line above proves nothing).
    expect(rechecked).toBeGreaterThan(10);
  });

  it('return every record at least once while records move to the end during the walk (300 seeded datasets)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = prng(9_000 + seed);
      const collection = new FakeArloCollection('ContactID', spreadRecords(random));
      const pageSize = 1 + Math.floor(random() * 50);
      const ids = collection.ids();
      const result = walkSegmented(collection, pageSize, {
        segments: 2 + Math.floor(random() * 4),
        startedAt: startedAfter(collection),
        random,
        beforeRequest: (requestsSoFar) => {
          // Updates move records of any segment past every boundary, also after the last segment first
          // reached the end (it must look again once the others finish).
          if (requestsSoFar >= 60 || random() < 0.5) return;
          const id = ids[Math.floor(random() * ids.length)];
          if (id !== undefined)
            collection.touch(id, later(collection.latest(), 1 + Math.floor(random() * 15_000)));
        },
      });
      expect({ seed, missing: ids.filter((id) => !result.returned.has(id)) }).toEqual({ seed, missing: [] });
    }
  });

  it('stay one cursor when the walk is too short to split (all records newer than the boundaries)', () => {
    const collection = new FakeArloCollection(
      'ContactID',
      sameMillisecond(600, (index) => index),
    );
    const result = walkSegmented(collection, 100, {
      segments: 4,
      startedAt: '2024-01-15T08:00:00.000Z',
      random: prng(1),
    });
    expect(result.segments).toBe(1);
    expectEveryRecordOnce(collection, result);
  });
});

describe('changed-since mode', () => {
  it('returns every record modified in or after since’s millisecond, and none before it', () => {
    const records = Array.from({ length: 500 }, (_, index) => ({
      id: String(index + 1),
      lastModifiedDateTime: timestamp(BASE_MS + Math.floor(index / 5), (index * 991) % 10_000),
    }));
    const since = timestamp(BASE_MS + 50, 5_000);
    for (const pageSize of [1, 3, 10, 100, 250]) {
      const collection = new FakeArloCollection('ContactID', records);
      const result = walk(collection, pageSize, { since });
      const expected = records
        .filter((record) => record.lastModifiedDateTime >= timestamp(BASE_MS + 50, 0))
        .map((r) => r.id);
      expect([...result.returned.keys()].sort()).toEqual(expected.sort());
    }
  });
});

describe('cost', () => {
  it('spends about one request per page of records when timestamps are spread out', () => {
    const records = Array.from({ length: 10_000 }, (_, index) => ({
      id: String(index + 1),
      lastModifiedDateTime: timestamp(BASE_MS + index * 3, (index * 7) % 10_000),
    }));
    const collection = new FakeArloCollection('ContactID', records);
    const result = walk(collection, 250);
    expectEveryRecordOnce(collection, result);
    expect(result.requests).toBe(41); // 40 full pages and the short page that ends the walk
    expect(result.drains).toBe(0);
  });

  it('re-reads at most the tail of the previous page, never a whole page, in the main phase', () => {
    const records = Array.from({ length: 2_000 }, (_, index) => ({
      id: String(index + 1),
      lastModifiedDateTime: timestamp(BASE_MS + Math.floor(index / 40), index % 10_000),
    }));
    const collection = new FakeArloCollection('ContactID', records);
    const result = walk(collection, 100);
    expectEveryRecordOnce(collection, result);
    expect(result.drains).toBe(0);
    expect(result.alreadyReturned).toBeLessThan(result.requests * 100);
  });
});

describe('the guide’s cursor, for contrast (why this module exists)', () => {
  /** keeping-an-external-system-in-sync.txt: `LM gt X OR (LM eq X AND ID gt Y)` with X cut to milliseconds. */
  function guideWalk(
    collection: FakeArloCollection,
    pageSize: number,
    roundUp: boolean,
    maxRequests: number,
  ) {
    const seen = new Set<string>();
    let cursor: { lm: string; id: string } | undefined;
    for (let request = 0; request < maxRequests; request += 1) {
      let filter: string | undefined;
      if (cursor) {
        const ms = roundUp
          ? new Date(Date.parse(`${cursor.lm.slice(0, 23)}Z`) + 1).toISOString()
          : `${cursor.lm.slice(0, 23)}Z`;
        filter = `LastModifiedDateTime gt datetime('${ms}') OR (LastModifiedDateTime eq datetime('${ms}') AND ContactID gt ${cursor.id})`;
      }
      const page = collection.list({
        filter,
        orderby: 'LastModifiedDateTime ASC,ContactID ASC',
        skip: 0,
        top: pageSize,
      });
      if (page.records.length === 0) return { seen, finished: true };
      for (const record of page.records) seen.add(record.id);
      const last = page.records.at(-1)!;
      cursor = { lm: last.lastModifiedDateTime, id: last.id };
    }
    return { seen, finished: false };
  }

  it('loops forever when more than a page of records share one millisecond below it', () => {
    const collection = new FakeArloCollection(
      'ContactID',
      sameMillisecond(600, (index) => 1 + (index % 9_999)),
    );
    expect(guideWalk(collection, 100, false, 1_000).finished).toBe(false);
    expect(walk(collection, 100).returned.size).toBe(600);
  });

  it('skips records when the millisecond is rounded up instead', () => {
    const collection = new FakeArloCollection(
      'ContactID',
      sameMillisecond(600, (index) => 1 + (index % 9_999)),
    );
    const guide = guideWalk(collection, 100, true, 1_000);
    expect(guide.finished).toBe(true);
    expect(guide.seen.size).toBe(100);
  });
});
