import { startBulkCursor, type BulkCursor } from '../../../src/domain/bulk-cursor';
import {
  addBulkPage,
  initialBulkProgress,
  type BulkPageCounters,
  type BulkWalkInput,
  type BulkWalkProgress,
} from '../../../src/domain/bulk-walk';
import { bulkWalkStatusView, fractionDone } from '../../../src/domain/bulk-walk-status';

const START = new Date('2024-01-15T08:00:00.000Z');
const input: BulkWalkInput = {
  platform: 'demo.arlo.co',
  resourceType: 'Contact',
  mode: 'bulk',
  pageSize: 250,
  arloTaskQueue: 'arlo',
};
const page: BulkPageCounters = { received: 250, alreadyReturned: 0, inserted: 250, updated: 0, notNewer: 0 };
const at = (seconds: number) => new Date(START.getTime() + seconds * 1000);
const main = (from: string, until?: string): BulkCursor => ({
  phase: 'main',
  resourceType: 'Contact',
  from,
  ...(until !== undefined ? { until } : {}),
});

/** A full load whose records span 2023-01-15 .. START; page n ends `n` × 73 days in. */
function fullLoadAfter(pages: number): BulkWalkProgress {
  let progress = initialBulkProgress(input, startBulkCursor('Contact'), START);
  for (let n = 1; n <= pages; n++) {
    const end = new Date(Date.parse('2023-01-15T08:00:00.000Z') + n * 73 * 86_400_000).toISOString();
    progress = addBulkPage(
      progress,
      {
        cursor: main(end),
        counters: page,
        repairedIds: [],
        ...(n === 1 ? { firstRecordAt: '2023-01-15T08:00:00.1234567Z' } : {}),
      },
      at(n * 10),
    );
  }
  return progress;
}

describe('bulkWalkStatusView of a full load', () => {
  it('measures from the first record: the percentage grows page by page and an ETA is given', () => {
    const views = [1, 2, 3].map((pages) => bulkWalkStatusView(fullLoadAfter(pages), at(pages * 10)));
    expect(views.map((view) => view.percentDone)).toEqual([20, 40, 60]);
    expect(views[0]!.firstPosition).toBe('2023-01-15T08:00:00.123Z');
    for (const view of views) expect(view.estimatedEnd).toBeDefined();
    // 60 % read in 30 s: 20 s to go.
    expect(Date.parse(views[2]!.estimatedEnd!) - at(30).getTime()).toBe(20_000);
  });

  it('has no percentage or ETA before its first page, and 100 % once done', () => {
    const fresh = initialBulkProgress(input, startBulkCursor('Contact'), START);
    const before = bulkWalkStatusView(fresh, at(1));
    expect(before.percentDone).toBeUndefined();
    expect(before.estimatedEnd).toBeUndefined();
    const done = addBulkPage(
      fullLoadAfter(2),
      { cursor: { phase: 'done', resourceType: 'Contact' }, counters: page, repairedIds: [] },
      at(40),
    );
    const view = bulkWalkStatusView(done, at(50));
    expect(view.percentDone).toBe(100);
    expect(view.estimatedEnd).toBeUndefined();
  });

  it('counts what every segment has left when the range is split', () => {
    const progress: BulkWalkProgress = {
      ...fullLoadAfter(1),
      segments: [
        main('2023-05-29T08:00:00.000Z', '2023-07-16T08:00:00.000Z'), // 48 of 104 days left
        main('2023-09-01T08:00:00.000Z'), // open-ended: 136 days up to START left
      ],
    };
    // 365 days in all, 184 left.
    expect(fractionDone(progress)).toBeCloseTo(181 / 365, 5);
  });
});

describe('bulkWalkStatusView of a since-load', () => {
  it('measures from since: a quarter of 24 h covered in 100 s leaves 300 s', () => {
    const since = '2024-01-14T08:00:00.000Z';
    const start = initialBulkProgress(
      { ...input, since, mode: 'reconcile' },
      startBulkCursor('Contact', { since }),
      START,
    );
    const progress = addBulkPage(
      start,
      { cursor: main('2024-01-14T14:00:00.000Z'), counters: page, repairedIds: [] },
      at(50),
    );
    const view = bulkWalkStatusView({ ...progress, counters: { ...page, received: 1000 } }, at(100));
    expect(view.percentDone).toBe(25);
    expect(view.recordsPerSecond).toBe(10);
    expect(view.position).toBe('2024-01-14T14:00:00.000Z');
    expect(Date.parse(view.estimatedEnd!) - at(100).getTime()).toBe(300_000);
  });
});

describe('bulkWalkStatusView of a finished walk', () => {
  it('keeps the rate it had when it finished, however much later it is asked', () => {
    const done = addBulkPage(
      fullLoadAfter(3),
      { cursor: { phase: 'done', resourceType: 'Contact' }, counters: page, repairedIds: [] },
      at(40),
    );
    const soon = bulkWalkStatusView(done, at(41));
    const later = bulkWalkStatusView(done, at(3600));
    expect(soon.recordsPerSecond).toBe(25); // 1000 records in the 40 s the walk ran
    expect(later.recordsPerSecond).toBe(soon.recordsPerSecond);
  });
});
