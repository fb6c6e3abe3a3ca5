/**
 * The cursor's transitions one by one, on small hand-made pages (the property tests walking whole
 * collections are in test/unit/arlo/bulk-walk.test.ts).
 */
import {
  advanceBulkCursor,
  nextBulkQuery,
  reopenBulkCursor,
  bisectBulkCursor,
  startBulkCursor,
  type BulkCursor,
  type BulkRecord,
} from '../../../src/domain/bulk-cursor';
import { BulkCursorError } from '../../../src/domain/bulk-order';

const r = (id: string, lastModifiedDateTime: string): BulkRecord => ({ id, lastModifiedDateTime });
const page = (records: BulkRecord[], pageSize = 3, hasNextLink = false) => ({
  records,
  pageSize,
  hasNextLink,
});

describe('startBulkCursor', () => {
  it('starts at the beginning, or at the millisecond of since', () => {
    expect(startBulkCursor('Contact')).toEqual({ phase: 'main', resourceType: 'Contact' });
    expect(startBulkCursor('Order', { since: '2024-01-15T00:00:00.1234567Z' })).toEqual({
      phase: 'main',
      resourceType: 'Order',
      from: '2024-01-15T00:00:00.123Z',
    });
    expect(nextBulkQuery(startBulkCursor('Contact'))).toEqual({ kind: 'main' });
  });

  it('refuses a since that is not a UTC timestamp', () => {
    expect(() => startBulkCursor('Contact', { since: '15/01/2024' })).toThrow(BulkCursorError);
  });
});

describe('main phase', () => {
  const start = startBulkCursor('Contact');

  it('ends the walk on a short page without a next link', () => {
    const step = advanceBulkCursor(start, page([r('1', '2024-01-15T00:00:00.0010000Z')]));
    expect(step.cursor).toMatchObject({ phase: 'done', resourceType: 'Contact' });
    expect(step.records.map((record) => record.id)).toEqual(['1']);
    expect(nextBulkQuery(step.cursor)).toBeUndefined();
  });

  it('continues from the last record’s millisecond, remembering the exact position', () => {
    const step = advanceBulkCursor(
      start,
      page([
        r('1', '2024-01-15T00:00:00.0010000Z'),
        r('9', '2024-01-15T00:00:00.0020001Z'),
        r('3', '2024-01-15T00:00:00.0025555Z'),
      ]),
    );
    expect(step.cursor).toEqual({
      phase: 'main',
      resourceType: 'Contact',
      from: '2024-01-15T00:00:00.002Z',
      after: { lastModifiedDateTime: '2024-01-15T00:00:00.0025555Z', id: '3' },
    });
    expect(nextBulkQuery(step.cursor)).toEqual({ kind: 'main', from: '2024-01-15T00:00:00.002Z' });
  });

  it('skips the records it returned already (full precision, then ID) and counts them', () => {
    const cursor: BulkCursor = {
      phase: 'main',
      resourceType: 'Contact',
      from: '2024-01-15T00:00:00.002Z',
      after: { lastModifiedDateTime: '2024-01-15T00:00:00.0025555Z', id: '3' },
    };
    const step = advanceBulkCursor(
      cursor,
      page(
        [
          r('9', '2024-01-15T00:00:00.0020001Z'),
          r('3', '2024-01-15T00:00:00.0025555Z'),
          r('4', '2024-01-15T00:00:00.0025555Z'),
        ],
        3,
      ),
    );
    expect(step.records.map((record) => record.id)).toEqual(['4']);
    expect(step.counters).toEqual({ received: 3, returned: 1, alreadyReturned: 2 });
    expect(step.cursor.phase).toBe('drain');
  });

  it('drains by ID when a whole page shares one millisecond', () => {
    const step = advanceBulkCursor(
      start,
      page([
        r('5', '2024-01-15T00:00:00.0071111Z'),
        r('2', '2024-01-15T00:00:00.0072222Z'),
        r('8', '2024-01-15T00:00:00.0079999Z'),
      ]),
    );
    expect(step.cursor).toEqual({
      phase: 'drain',
      resourceType: 'Contact',
      millisecond: '2024-01-15T00:00:00.007Z',
      after: { lastModifiedDateTime: '2024-01-15T00:00:00.0079999Z', id: '8' },
    });
    expect(nextBulkQuery(step.cursor)).toEqual({
      kind: 'drain',
      millisecond: '2024-01-15T00:00:00.007Z',
      nextMillisecond: '2024-01-15T00:00:00.008Z',
    });
  });

  it('treats a capped page with a next link as full', () => {
    const step = advanceBulkCursor(
      start,
      page([r('1', '2024-01-15T00:00:00.0010000Z'), r('2', '2024-01-15T00:00:00.0020000Z')], 250, true),
    );
    expect(step.cursor.phase).toBe('main');
  });
});

describe('drain phase', () => {
  const drain: BulkCursor = {
    phase: 'drain',
    resourceType: 'Contact',
    millisecond: '2024-01-15T00:00:00.007Z',
    after: { lastModifiedDateTime: '2024-01-15T00:00:00.0072222Z', id: '2' },
  };

  it('returns only records after the main phase’s position and moves on by ID', () => {
    const step = advanceBulkCursor(
      drain,
      page([
        r('2', '2024-01-15T00:00:00.0072222Z'),
        r('5', '2024-01-15T00:00:00.0071111Z'),
        r('6', '2024-01-15T00:00:00.0073333Z'),
      ]),
    );
    expect(step.records.map((record) => record.id)).toEqual(['6']);
    expect(step.cursor).toEqual({ ...drain, afterId: '6' });
    expect(nextBulkQuery(step.cursor)).toMatchObject({ kind: 'drain', afterId: '6' });
  });

  it('returns to the main phase at the next millisecond after a short page', () => {
    const step = advanceBulkCursor(
      { ...drain, afterId: '6' },
      page([r('9', '2024-01-15T00:00:00.0079999Z')]),
    );
    expect(step.cursor).toEqual({ phase: 'main', resourceType: 'Contact', from: '2024-01-15T00:00:00.008Z' });
  });

  it('carries a millisecond boundary over seconds and days', () => {
    const step = advanceBulkCursor(
      {
        ...drain,
        millisecond: '2024-12-31T23:59:59.999Z',
        after: { lastModifiedDateTime: '2024-12-31T23:59:59.9990000Z', id: '1' },
      },
      page([]),
    );
    expect(step.cursor).toEqual({ phase: 'main', resourceType: 'Contact', from: '2025-01-01T00:00:00.000Z' });
  });
});

describe('refuses answers outside the query’s contract instead of guessing', () => {
  const draining: BulkCursor = {
    phase: 'drain',
    resourceType: 'Contact',
    millisecond: '2024-01-15T00:00:00.007Z',
    after: { lastModifiedDateTime: '2024-01-15T00:00:00.007Z', id: '1' },
  };

  it.each<[string, BulkCursor, BulkRecord[]]>([
    [
      'out of order',
      startBulkCursor('Contact'),
      [r('2', '2024-01-15T00:00:00.002Z'), r('1', '2024-01-15T00:00:00.001Z')],
    ],
    [
      'before the filter’s millisecond',
      startBulkCursor('Contact', { since: '2024-01-15T00:00:00.005Z' }),
      [r('1', '2024-01-15T00:00:00.0049999Z')],
    ],
    ['a non-integer ID', startBulkCursor('Contact'), [r('abc', '2024-01-15T00:00:00.001Z')]],
    ['an invalid timestamp', startBulkCursor('Contact'), [r('1', 'yesterday')]],
    ['a drain record outside the millisecond', draining, [r('3', '2024-01-15T00:00:00.0080000Z')]],
    [
      'a drain record not after the last ID',
      { ...draining, afterId: '10' },
      [r('9', '2024-01-15T00:00:00.0070000Z')],
    ],
  ])('%s', (_what, cursor, records) => {
    expect(() => advanceBulkCursor(cursor, page(records))).toThrow(BulkCursorError);
  });

  it('a page after the walk ended', () => {
    expect(() => advanceBulkCursor({ phase: 'done', resourceType: 'Contact' }, page([]))).toThrow(
      'the walk is done',
    );
  });
});

it('keeps its state plain JSON (it travels through continueAsNew)', () => {
  const step = advanceBulkCursor(
    startBulkCursor('Contact'),
    page([
      r('1', '2024-01-15T00:00:00.0010000Z'),
      r('2', '2024-01-15T00:00:00.0020000Z'),
      r('3', '2024-01-15T00:00:00.0030000Z'),
    ]),
  );
  expect(JSON.parse(JSON.stringify(step.cursor))).toEqual(step.cursor);
  expect(JSON.stringify(step.cursor).length).toBeLessThan(300);
});

describe('segments', () => {
  const from = '2024-01-01T00:00:00.000Z';
  const main: BulkCursor = { phase: 'main', resourceType: 'Contact', from };

  it('halves what is left of a segment on a millisecond, the open-ended one up to the boundary', () => {
    expect(bisectBulkCursor(main, '2024-01-01T00:00:00.301Z')).toEqual([
      { ...main, until: '2024-01-01T00:00:00.150Z' },
      { phase: 'main', resourceType: 'Contact', from: '2024-01-01T00:00:00.150Z' },
    ]);
    const bounded: BulkCursor = { ...main, until: '2024-01-01T00:00:00.010Z' };
    expect(bisectBulkCursor(bounded, '2030-01-01T00:00:00.000Z')).toEqual([
      { ...main, until: '2024-01-01T00:00:00.005Z' },
      {
        phase: 'main',
        resourceType: 'Contact',
        from: '2024-01-01T00:00:00.005Z',
        until: '2024-01-01T00:00:00.010Z',
      },
    ]);
  });

  it('does not halve without a position, in a drain, or with less than two milliseconds left', () => {
    expect(bisectBulkCursor(startBulkCursor('Contact'), '2025-01-01T00:00:00.000Z')).toBeUndefined();
    expect(
      bisectBulkCursor({ ...main, until: '2024-01-01T00:00:00.001Z' }, '2025-01-01T00:00:00.000Z'),
    ).toBeUndefined();
    expect(bisectBulkCursor(main, '2024-01-01T00:00:00.001Z')).toBeUndefined();
    const drain: BulkCursor = {
      phase: 'drain',
      resourceType: 'Contact',
      millisecond: from,
      after: { lastModifiedDateTime: '2024-01-01T00:00:00.0000000Z', id: '1' },
    };
    expect(bisectBulkCursor(drain, '2025-01-01T00:00:00.000Z')).toBeUndefined();
  });

  it('refuses a record at or after the segment end (the server ignored the filter)', () => {
    const bounded: BulkCursor = { ...main, until: '2024-01-01T00:00:01.000Z' };
    expect(() => advanceBulkCursor(bounded, page([r('1', '2024-01-01T00:00:01.0000000Z')]))).toThrow(
      BulkCursorError,
    );
  });

  it('ends a bounded segment when its drain reaches the end millisecond', () => {
    const drain: BulkCursor = {
      phase: 'drain',
      resourceType: 'Contact',
      millisecond: '2024-01-01T00:00:00.999Z',
      after: { lastModifiedDateTime: '2024-01-01T00:00:00.9990000Z', id: '1' },
      until: '2024-01-01T00:00:01.000Z',
    };
    expect(advanceBulkCursor(drain, page([r('5', '2024-01-01T00:00:00.9995000Z')])).cursor).toEqual({
      phase: 'done',
      resourceType: 'Contact',
    });
  });

  it('an open-ended walk remembers where it stopped, to look again for records updated since', () => {
    const step = advanceBulkCursor(main, page([r('7', '2024-01-01T00:00:05.1234567Z')]));
    expect(step.cursor).toEqual({
      phase: 'done',
      resourceType: 'Contact',
      stoppedAt: {
        from: '2024-01-01T00:00:05.123Z',
        after: { lastModifiedDateTime: '2024-01-01T00:00:05.1234567Z', id: '7' },
      },
    });
    expect(reopenBulkCursor(step.cursor)).toEqual({
      phase: 'main',
      resourceType: 'Contact',
      from: '2024-01-01T00:00:05.123Z',
      after: { lastModifiedDateTime: '2024-01-01T00:00:05.1234567Z', id: '7' },
    });
    expect(reopenBulkCursor({ phase: 'done', resourceType: 'Contact' })).toBeUndefined();
  });
});
