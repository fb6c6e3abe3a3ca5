/**
 * What one chaos run does: on which lane, how many Arlo events it drives, which faults it injects, and
 * its bounds. The defaults are the ones issue 7 judges (the embedded lane, 5,000 events, 3 worker kills,
 * 1 Temporal restart, 1 MongoDB-protocol-server restart); the integration test passes a smaller, seeded
 * set, and PRODUCTION_LANE_CHAOS is the production lane's reduced run.
 */

/** The stacks a chaos run can drive (src/chaos/chaos-servers.ts). */
export const CHAOS_LANES = ['embedded', 'production'] as const;
export type ChaosLane = (typeof CHAOS_LANES)[number];

export interface ChaosOptions {
  /** embedded: dev server + FerretDB on SQLite. production: Temporal server + FerretDB on PostgreSQL. */
  readonly lane: ChaosLane;
  readonly workers: number;
  readonly receivers: number;
  /** The budget the simulator enforces, as Arlo does (429 beyond it); null: practically unlimited. */
  readonly arloRequestsPerMinute: number | null;
  /** Handled Arlo events to produce (Arlo-user edits plus the echoes of pushes). */
  readonly events: number;
  /** Seeds the workload, the fault schedule and the simulator, so a run can be replayed. */
  readonly seed: number;
  readonly workerKills: number;
  readonly temporalRestarts: number;
  readonly mongoRestarts: number;
  readonly receiverRestarts: number;
  /** PostgreSQL under Temporal and FerretDB stopped and started (the production lane only). */
  readonly postgresRestarts: number;
  /** Push requests from the external side over the run. */
  readonly pushes: number;
  /** Arlo-user edits per second (each is one or a few events). */
  readonly editsPerSecond: number;
  /** Records seeded before the run starts. */
  readonly seedRecords: number;
  /** After this the run stops everything and fails, saying so. */
  readonly timeLimitMs: number;
  /** How long the simulator's webhook queues may take to drain once the faults stop. */
  readonly settleTimeoutMs: number;
  /** Where to write the figures as JSON, if anywhere. */
  readonly jsonFile: string | undefined;
}

export const DEFAULT_CHAOS_OPTIONS: ChaosOptions = {
  lane: 'embedded',
  workers: 1,
  receivers: 1,
  arloRequestsPerMinute: null,
  events: 5000,
  seed: 42,
  workerKills: 3,
  temporalRestarts: 1,
  mongoRestarts: 1,
  receiverRestarts: 1,
  postgresRestarts: 0,
  pushes: 200,
  editsPerSecond: 10,
  seedRecords: 300,
  timeLimitMs: 25 * 60_000,
  settleTimeoutMs: 5 * 60_000,
  jsonFile: undefined,
};

/**
 * The production lane's run (`npm run test:production`, `arlo-sync chaos --lane production`): two workers
 * and two receivers behind a round-robin proxy, Arlo's 300 requests/minute enforced by the simulator, and
 * one of every process fault, PostgreSQL included; small enough for CI.
 */
export const PRODUCTION_LANE_CHAOS: ChaosOptions = {
  ...DEFAULT_CHAOS_OPTIONS,
  lane: 'production',
  workers: 2,
  receivers: 2,
  arloRequestsPerMinute: 300,
  events: 400,
  workerKills: 2,
  temporalRestarts: 1,
  mongoRestarts: 1,
  receiverRestarts: 1,
  postgresRestarts: 1,
  pushes: 16,
  editsPerSecond: 4,
  seedRecords: 120,
  timeLimitMs: 12 * 60_000,
  settleTimeoutMs: 3 * 60_000,
};

/** Problems with a set of options, one sentence each (empty: valid). */
export function chaosOptionProblems(options: ChaosOptions): string[] {
  const problems: string[] = [];
  const atLeast = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) problems.push(`${name} must be an integer ≥ ${min}`);
  };
  atLeast('events', options.events, 10);
  atLeast('seed', options.seed, 0);
  atLeast('worker kills', options.workerKills, 0);
  atLeast('Temporal restarts', options.temporalRestarts, 0);
  atLeast('MongoDB restarts', options.mongoRestarts, 0);
  atLeast('receiver restarts', options.receiverRestarts, 0);
  atLeast('PostgreSQL restarts', options.postgresRestarts, 0);
  atLeast('workers', options.workers, 1);
  atLeast('receivers', options.receivers, 1);
  if (!CHAOS_LANES.includes(options.lane)) problems.push(`the lane must be one of ${CHAOS_LANES.join(', ')}`);
  if (options.postgresRestarts > 0 && options.lane !== 'production')
    problems.push('PostgreSQL restarts need the production lane (the embedded lane has no PostgreSQL)');
  if (options.arloRequestsPerMinute !== null)
    atLeast('Arlo requests per minute', options.arloRequestsPerMinute, 1);
  atLeast('pushes', options.pushes, 0);
  atLeast('seed records', options.seedRecords, 20);
  if (!(options.editsPerSecond > 0 && options.editsPerSecond <= 1000))
    problems.push('edits per second must be between 0 (exclusive) and 1000');
  if (!(options.timeLimitMs >= 10_000)) problems.push('the time limit must be at least 10 seconds');
  if (!(options.settleTimeoutMs >= 1_000)) problems.push('the settle timeout must be at least 1 second');
  return problems;
}
