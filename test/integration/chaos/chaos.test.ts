/**
 * The chaos run of issue 7, smaller and seeded: the same code as `npm run chaos` (its own Temporal dev
 * server and FerretDB, the compiled worker and receiver as child processes, the simulator in process)
 * with a few hundred events, one of each process fault and a few pushes. Every fault must actually
 * happen, and the run must end with nothing lost, nothing wrong, no duplicate side effect and no
 * process left behind.
 */
import { DEFAULT_CHAOS_OPTIONS, type ChaosOptions } from '../../../src/chaos/chaos-options';
import { chaosPassed, formatSummary, type ChaosFigures } from '../../../src/chaos/chaos-summary';
import { runChaos } from '../../../src/chaos/run-chaos';
import { descendantProcesses } from '../../helpers/child-processes';
import { testConfig } from '../../helpers/test-stack';

const options: ChaosOptions = {
  ...DEFAULT_CHAOS_OPTIONS,
  events: 250,
  seed: 7,
  workerKills: 1,
  temporalRestarts: 1,
  mongoRestarts: 1,
  receiverRestarts: 1,
  pushes: 12,
  editsPerSecond: 5,
  seedRecords: 120,
  timeLimitMs: 6 * 60_000,
  settleTimeoutMs: 2 * 60_000,
};

/** Processes under this one whose command line names a server or entry point the run starts. */
const stackProcesses = () => descendantProcesses(/temporal|ferretdb|dist\/src\/(worker|server)\.js/);

let figures: ChaosFigures;
const log: string[] = [];
/** What already ran before (with --runInBand, the harness's own servers are children of this process). */
let before: Set<string>;

beforeAll(async () => {
  // The children run compiled code, exactly as `npm run chaos` does (dist/ is built by the global setup).
  before = new Set(await stackProcesses());
  const record = (line: string) => log.push(line);
  figures = await runChaos(options, {
    toolsDir: testConfig().toolsDir,
    log: record,
  });
}, 8 * 60_000);

describe('the chaos run, small and seeded', () => {
  it('loses nothing, gets nothing wrong and causes no duplicate side effect', () => {
    const report = [formatSummary(figures), ...figures.problems, ...log].join('\n');
    // Jest's diff shows only a few lines around the one that differs; a failed run needs all of its log.
    if (!chaosPassed(figures)) console.error(report);
    expect({ passed: chaosPassed(figures), report }).toEqual({ passed: true, report });
    expect(figures.timedOut).toBe(false);
    expect(figures.recordsLost).toBe(0);
    expect(figures.recordsWrong).toBe(0);
    expect(figures.duplicateSideEffects).toBe(0);
    expect(figures.eventsUnprocessed).toBe(0);
  });

  it('drove the workload it was asked for and compared the records it touched', () => {
    expect(figures.eventsDelivered).toBeGreaterThanOrEqual(options.events);
    expect(figures.pushesAccepted).toBe(options.pushes);
    expect(figures.recordsCompared).toBeGreaterThan(100);
  });

  it('actually injected every kind of fault', () => {
    expect(figures.faultsByKind).toMatchObject({
      'worker-kill': 1,
      'temporal-restart': 1,
      'mongo-restart': 1,
      'receiver-restart': 1,
      'server-errors': 2,
      'dropped-connections': 2,
      'burst-429': 2,
    });
    expect(figures.duplicatesInjected).toBeGreaterThan(0);
    expect(figures.faultsInjected).toBeGreaterThanOrEqual(10);
  });

  it('runs the bulk walk of every type and the reconciliation as part of the workload', () => {
    expect(log.some((line) => line.includes('chaos: bulk walk of'))).toBe(true);
    expect(log.some((line) => line.includes('chaos: reconciliation repaired'))).toBe(true);
  });

  it('leaves no process behind', async () => {
    expect((await stackProcesses()).filter((p) => !before.has(p))).toEqual([]);
  });
});
