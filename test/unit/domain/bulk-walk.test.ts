import {
  BULK_LISTED_IDS,
  addBulkPage,
  cursorPosition,
  initialBulkProgress,
  recordsWalked,
  type BulkWalkInput,
} from '../../../src/domain/bulk-walk';
import { startBulkCursor } from '../../../src/domain/bulk-cursor';

const input: BulkWalkInput = {
  platform: 'demo.arlo.co',
  resourceType: 'Contact',
  mode: 'reconcile',
  pageSize: 250,
  arloTaskQueue: 'arlo',
};
const START = new Date('2024-01-15T08:00:00.000Z');
const counters = { received: 250, alreadyReturned: 10, inserted: 5, updated: 3, notNewer: 232 };

describe('addBulkPage', () => {
  it('sums the counters, counts inserted + updated as repaired and moves the cursor', () => {
    const start = initialBulkProgress(input, startBulkCursor('Contact'), START);
    const cursor = { phase: 'main', resourceType: 'Contact', from: '2024-01-01T00:00:00.123Z' } as const;
    const once = addBulkPage(start, { cursor, counters, repairedIds: ['1', '2'] }, START);
    const twice = addBulkPage(once, { cursor, counters, repairedIds: ['3'] }, START);
    expect(twice.pages).toBe(2);
    expect(twice.counters).toEqual({
      received: 500,
      alreadyReturned: 20,
      inserted: 10,
      updated: 6,
      notNewer: 464,
    });
    expect(twice.repairedCount).toBe(16);
    expect(twice.repairedIds).toEqual(['1', '2', '3']);
    expect(twice.cursor).toEqual(cursor);
    expect(twice.status).toBe('running');
    expect(recordsWalked(twice)).toBe(480);
  });

  it('caps the listed IDs but keeps the count exact', () => {
    let progress = initialBulkProgress(input, startBulkCursor('Contact'), START);
    const ids = Array.from({ length: 250 }, (_, i) => String(i + 1));
    const page = { cursor: startBulkCursor('Contact'), counters: { ...counters, inserted: 250, updated: 0 } };
    for (let i = 0; i < 5; i++) progress = addBulkPage(progress, { ...page, repairedIds: ids }, START);
    expect(progress.repairedIds).toHaveLength(BULK_LISTED_IDS);
    expect(progress.repairedCount).toBe(1250);
  });

  it('marks the walk done when the cursor is done', () => {
    const start = initialBulkProgress(input, startBulkCursor('Contact'), START);
    const done = addBulkPage(
      start,
      { cursor: { phase: 'done', resourceType: 'Contact' }, counters, repairedIds: [] },
      START,
    );
    expect(done.status).toBe('done');
  });
});

describe('cursorPosition', () => {
  it('is the main phase start, the drained millisecond, or nothing when done', () => {
    expect(cursorPosition({ phase: 'main', resourceType: 'Order', from: '2024-01-01T00:00:00.001Z' })).toBe(
      '2024-01-01T00:00:00.001Z',
    );
    expect(
      cursorPosition({
        phase: 'drain',
        resourceType: 'Order',
        millisecond: '2024-01-01T00:00:00.002Z',
        after: { id: '5', lastModifiedDateTime: '2024-01-01T00:00:00.0021234Z' },
      }),
    ).toBe('2024-01-01T00:00:00.002Z');
    expect(cursorPosition({ phase: 'done', resourceType: 'Order' })).toBeUndefined();
  });
});
