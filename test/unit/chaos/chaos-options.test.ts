import { chaosOptionProblems, DEFAULT_CHAOS_OPTIONS } from '../../../src/chaos/chaos-options';

describe('chaos options', () => {
  it('defaults to what issue 7 judges: 5,000 events, 3 worker kills, a Temporal and a MongoDB restart', () => {
    expect(DEFAULT_CHAOS_OPTIONS).toMatchObject({
      events: 5000,
      workerKills: 3,
      temporalRestarts: 1,
      mongoRestarts: 1,
    });
    expect(chaosOptionProblems(DEFAULT_CHAOS_OPTIONS)).toEqual([]);
  });

  it('names every invalid option', () => {
    const problems = chaosOptionProblems({
      ...DEFAULT_CHAOS_OPTIONS,
      events: 5,
      workerKills: -1,
      editsPerSecond: 0,
      timeLimitMs: 1000,
    });
    expect(problems).toEqual([
      'events must be an integer ≥ 10',
      'worker kills must be an integer ≥ 0',
      'edits per second must be between 0 (exclusive) and 1000',
      'the time limit must be at least 10 seconds',
    ]);
  });
});
