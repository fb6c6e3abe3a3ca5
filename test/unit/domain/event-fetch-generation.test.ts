import { fetchBatcherGeneration } from '../../../src/domain/event-fetch';

describe('fetchBatcherGeneration', () => {
  it('gives every moment of one window the same generation, ending where the next begins', () => {
    const windowMs = 60_000;
    const start = Date.parse('2026-11-23T10:00:00.000Z');
    const first = fetchBatcherGeneration(start, windowMs);
    expect(fetchBatcherGeneration(start + windowMs - 1, windowMs)).toEqual(first);
    expect(first.acceptsUntil).toBe('2026-11-23T10:01:00.000Z');
    const next = fetchBatcherGeneration(start + windowMs, windowMs);
    expect(next.generation).toBe(first.generation + 1);
    expect(next.acceptsUntil).toBe('2026-11-23T10:02:00.000Z');
  });
});
