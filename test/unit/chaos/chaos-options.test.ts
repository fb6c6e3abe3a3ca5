import {
  chaosOptionProblems,
  DEFAULT_CHAOS_OPTIONS,
  PRODUCTION_LANE_CHAOS,
} from '../../../src/chaos/chaos-options';
import { chaosOptionsOf } from '../../../src/commands/chaos';

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

  it('runs the production lane with two workers, two receivers, a PostgreSQL restart and the 300/min budget', () => {
    expect(PRODUCTION_LANE_CHAOS).toMatchObject({
      lane: 'production',
      workers: 2,
      receivers: 2,
      postgresRestarts: 1,
      arloRequestsPerMinute: 300,
    });
    expect(PRODUCTION_LANE_CHAOS.workerKills).toBeGreaterThanOrEqual(1);
    expect(chaosOptionProblems(PRODUCTION_LANE_CHAOS)).toEqual([]);
  });

  it('refuses PostgreSQL restarts on the embedded lane, which has no PostgreSQL', () => {
    expect(chaosOptionProblems({ ...DEFAULT_CHAOS_OPTIONS, postgresRestarts: 1 })).toEqual([
      'PostgreSQL restarts need the production lane (the embedded lane has no PostgreSQL)',
    ]);
  });

  it("fills the CLI's options left out from the chosen lane's defaults", () => {
    expect(chaosOptionsOf({ lane: 'production', events: 900, timeLimitMinutes: 20 })).toEqual({
      ...PRODUCTION_LANE_CHAOS,
      events: 900,
      timeLimitMs: 20 * 60_000,
      jsonFile: undefined,
    });
    expect(chaosOptionsOf({ lane: 'embedded', json: 'figures.json' })).toEqual({
      ...DEFAULT_CHAOS_OPTIONS,
      jsonFile: 'figures.json',
    });
  });
});
