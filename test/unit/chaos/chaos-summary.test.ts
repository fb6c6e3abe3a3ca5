import {
  chaosPassed,
  formatDuration,
  formatSummary,
  type ChaosFigures,
} from '../../../src/chaos/chaos-summary';

const clean: ChaosFigures = {
  seed: 42,
  durationMs: 692_000,
  eventsDelivered: 5123,
  duplicatesInjected: 812,
  faultsInjected: 14,
  faultsByKind: { 'worker-kill': 3 },
  recordsCompared: 2210,
  recordsLost: 0,
  recordsWrong: 0,
  duplicateSideEffects: 0,
  eventsUnprocessed: 0,
  budgetExceeded: 0,
  pushesAccepted: 200,
  unexpectedExits: 0,
  problems: [],
  timedOut: false,
};

describe('chaos summary', () => {
  it('prints the one summary line with every figure, the seed and the duration', () => {
    expect(formatSummary(clean)).toBe(
      'chaos: events delivered 5123, duplicates injected 812, faults injected 14, records compared 2210, ' +
        'records lost 0, records wrong 0, duplicate side effects 0 (seed 42, 11m32s)',
    );
  });

  it('names unprocessed events, a broken Arlo budget and a run stopped early (time limit or Ctrl-C) in the line', () => {
    const line = formatSummary({ ...clean, eventsUnprocessed: 3, budgetExceeded: 2, timedOut: true });
    expect(line).toContain('events unprocessed 3');
    expect(line).toContain('Arlo budget exceeded 2 times');
    expect(line).toContain('STOPPED EARLY');
  });

  it('passes only with no loss, nothing wrong, no duplicate side effect, nothing unprocessed, the budget kept, no timeout', () => {
    expect(chaosPassed(clean)).toBe(true);
    expect(chaosPassed({ ...clean, recordsLost: 1 })).toBe(false);
    expect(chaosPassed({ ...clean, recordsWrong: 1 })).toBe(false);
    expect(chaosPassed({ ...clean, duplicateSideEffects: 1 })).toBe(false);
    expect(chaosPassed({ ...clean, eventsUnprocessed: 1 })).toBe(false);
    expect(chaosPassed({ ...clean, budgetExceeded: 1 })).toBe(false);
    expect(chaosPassed({ ...clean, timedOut: true })).toBe(false);
  });

  it('formats durations in minutes and seconds', () => {
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(61_000)).toBe('1m01s');
  });
});
