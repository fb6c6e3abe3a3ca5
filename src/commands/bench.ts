/**
 * `arlo-sync bench` (`npm run bench`): runs the benchmarks that exist so far, prints every figure with the
 * machine it ran on, and writes them as JSON under bench-results/ so runs can be compared. Figures are
 * measured, never asserted; targets are printed beside them.
 */
import { loadavg } from 'node:os';
import path from 'node:path';

import { benchArloParsing } from '../bench/arlo-parsing';
import { benchBulkWalk } from '../bench/bulk-walk';
import { benchFeed } from '../bench/feed';
import { benchProductionLane } from '../bench/production-lane';
import { benchPullFloor } from '../bench/pull-floor';
import { DEFAULT_PULL_SYNC_OPTIONS, LOW_LOAD_EDITS_PER_SECOND, benchPullSync } from '../bench/pull-sync';
import { DEFAULT_PUSH_OPTIONS, benchPush } from '../bench/push';
import { DEFAULT_BENCH_OPTIONS, benchReceiverAck } from '../bench/receiver-ack';
import { formatResult, formatRunHeader, newRun, writeRun, type BenchmarkResult } from '../bench/report';
import { benchSimulatorGets } from '../bench/simulator-gets';
import { loadConfig } from '../config';
import { PROJECT_ROOT } from '../project-root';

export const BENCHMARKS = [
  'simulator-gets',
  'arlo-parsing',
  'receiver-ack',
  'pull-sync',
  'pull-floor',
  'bulk-walk',
  'push',
  'feed',
] as const;
/**
 * Run only when named with --only: the production lane starts PostgreSQL, a Temporal server and several
 * processes of its own (and needs Debian's postgresql-15).
 */
export const OPT_IN_BENCHMARKS = ['production-lane'] as const;
export const ALL_BENCHMARKS = [...BENCHMARKS, ...OPT_IN_BENCHMARKS] as const;
export type BenchmarkName = (typeof ALL_BENCHMARKS)[number];

/** Arlo-user edits per second on the production lane: above what two cores absorb there. */
export const PRODUCTION_LANE_EDITS_PER_SECOND = 40;

/** Callbacks per second the receiver benchmark offers, one run each (10 events per callback). */
export const RECEIVER_ACK_RATES = [5, 20, 50] as const;

export interface BenchOptions {
  readonly only: readonly BenchmarkName[];
  /** Seconds each load phase runs. */
  readonly seconds: number;
  /** Pull-path variables for the pull path under test (`--set`), on top of the benchmarks' own. */
  readonly pullSettings?: Readonly<Record<string, string>>;
  readonly write: (line: string) => void;
}

/** The benchmarks that run the real pull path, and so take `--set`. */
const PULL_BENCHMARKS: readonly BenchmarkName[] = ['pull-sync', 'pull-floor'];

async function run(
  name: BenchmarkName,
  seconds: number,
  pullSettings: Readonly<Record<string, string>>,
  log: (line: string) => void,
): Promise<BenchmarkResult> {
  switch (name) {
    case 'simulator-gets': {
      const r = await benchSimulatorGets({ durationSeconds: seconds });
      return {
        benchmark: name,
        description: `simple instance GETs against the Arlo simulator (${r.connections} connections, ${r.durationSeconds} s)`,
        figures: [
          {
            name: 'throughput',
            value: Math.round(r.requestsPerSecond),
            unit: 'requests/s',
            target: '≥ 2,000',
          },
          { name: 'latency p50', value: r.latencyMs.p50, unit: 'ms' },
          { name: 'latency p99', value: r.latencyMs.p99, unit: 'ms' },
          { name: 'errors + non-2xx', value: r.errors + r.non2xx, unit: 'requests' },
        ],
      };
    }
    case 'arlo-parsing':
      return benchArloParsing(seconds);
    case 'bulk-walk':
      // 10,000 records a second of --seconds (50,000 by default): a walk of a few dozen pages measures its
      // start and its short last pages more than its rate. `node dist/src/bench/bulk-walk.js N` walks N.
      return benchBulkWalk({ records: seconds * 10_000, requestsPerMinute: 300, log });
    case 'receiver-ack': {
      // Several fixed rates: the latency a sustainable rate gets, and where the machine saturates.
      const runs = [];
      for (const ratePerSecond of RECEIVER_ACK_RATES) {
        runs.push(
          await benchReceiverAck({
            ...DEFAULT_BENCH_OPTIONS,
            ratePerSecond,
            durationSeconds: seconds * 2,
            log,
          }),
        );
      }
      return {
        benchmark: name,
        description:
          `webhook acknowledgement, ${DEFAULT_BENCH_OPTIONS.eventsPerCallback}-event signed callbacks at ` +
          `${RECEIVER_ACK_RATES.join(', ')}/s for ${seconds * 2} s each against ${runs[0]?.temporal ?? 'Temporal'}`,
        figures: runs.flatMap((r) => {
          const at = `at ${r.options.ratePerSecond}/s:`;
          return [
            { name: `${at} achieved rate`, value: r.achievedRatePerSecond, unit: 'callbacks/s' },
            { name: `${at} ack latency p50`, value: r.latencyMs.p50, unit: 'ms' },
            { name: `${at} ack latency p99`, value: r.latencyMs.p99, unit: 'ms', target: '≤ 100' },
            { name: `${at} ack latency p99.9`, value: r.latencyMs.p99_9, unit: 'ms' },
            { name: `${at} failed callbacks`, value: r.errors + r.non2xx + r.timeouts, unit: 'callbacks' },
            { name: `${at} events durably started`, value: r.workflowsStarted, unit: `of ${r.eventsSent}` },
            { name: `${at} CPU per callback`, value: r.cpuMsPerCallback, unit: 'ms' },
          ];
        }),
      };
    }
    case 'pull-sync': {
      const low = await benchPullSync({
        editsPerSecond: LOW_LOAD_EDITS_PER_SECOND,
        durationSeconds: seconds * 2,
        settings: pullSettings,
        log,
      });
      const r = await benchPullSync({
        ...DEFAULT_PULL_SYNC_OPTIONS,
        durationSeconds: seconds * 4,
        settings: pullSettings,
        log,
      });
      return {
        benchmark: name,
        description:
          `Arlo-user edits at ${r.options.editsPerSecond}/s for ${r.options.durationSeconds} s (high load) ` +
          `and at ${low.options.editsPerSecond}/s for ${low.options.durationSeconds} s (low load), through ` +
          "signed webhooks, the receiver, the worker's coalescer and PlatformEvents queries into the mirror",
        figures: [
          {
            name: 'low load: queries per callback',
            value: low.queriesPerCallback,
            unit: `queries (${low.platformEventQueries} for ${low.callbacks} callbacks)`,
            target: '≤ 1',
          },
          { name: 'low load: write → ledger p50', value: low.latencyMs.p50, unit: 'ms' },
          { name: 'low load: write → ledger p99', value: low.latencyMs.p99, unit: 'ms' },
          {
            name: 'high load: queries per event',
            value: Math.round((r.platformEventQueries / Math.max(r.events, 1)) * 1000) / 1000,
            unit: 'queries',
            target: '≤ 0.1',
          },
          { name: 'events synchronised', value: r.events, unit: 'events' },
          { name: 'throughput', value: r.eventsPerSecond, unit: 'events/s' },
          { name: 'write → ledger p50', value: r.latencyMs.p50, unit: 'ms' },
          { name: 'write → ledger p99', value: r.latencyMs.p99, unit: 'ms' },
          { name: 'PlatformEvents queries', value: r.platformEventQueries, unit: 'requests' },
          {
            name: 'events per query',
            value: r.eventsPerQuery,
            unit: 'events',
            target: '≈ batch size at load',
          },
          { name: 'rate-limit ceiling', value: r.ceilingEventsPerSecond, unit: 'events/s' },
          { name: 'not processed', value: r.unprocessed, unit: 'events', target: '0' },
        ],
      };
    }
    case 'pull-floor':
      return benchPullFloor({ seconds, settings: pullSettings, log });
    case 'push':
      return benchPush({ ...DEFAULT_PUSH_OPTIONS, durationSeconds: seconds * 6, log });
    case 'feed':
      return benchFeed({ seconds, log });
    case 'production-lane':
      return benchProductionLane({
        toolsDir: loadConfig().toolsDir,
        editsPerSecond: PRODUCTION_LANE_EDITS_PER_SECOND,
        durationSeconds: seconds * 4,
        log,
      });
  }
}

export async function bench(options: BenchOptions): Promise<void> {
  const pullSettings = options.pullSettings ?? {};
  const set = Object.entries(pullSettings).map(([name, value]) => `${name}=${value}`);
  if (set.length > 0 && !options.only.some((name) => PULL_BENCHMARKS.includes(name))) {
    throw new Error(
      `--set applies to the pull path of ${PULL_BENCHMARKS.join(' and ')}; name one with --only`,
    );
  }
  // Checked before anything starts: a value the pull path would refuse fails here, with the loader's message.
  if (set.length > 0) loadConfig(pullSettings);
  const report = newRun();
  options.write(formatRunHeader(report));
  for (const name of options.only) {
    const before = loadavg()[0] ?? 0;
    // The receiver and the worker run inside this process during the benchmarks, so its peak RSS is
    // their peak memory (with the simulator's and the load generator's share).
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    const result = await run(name, options.seconds, pullSettings, (line) =>
      options.write(`  [${name}] ${line}`),
    ).finally(() => clearInterval(sampler));
    const settingsNote =
      set.length > 0 && PULL_BENCHMARKS.includes(name) ? [`pull path run with ${set.join(', ')}`] : [];
    const notes = [
      ...(result.notes ?? []),
      ...settingsNote,
      `load average ${before.toFixed(1)} before the run`,
    ];
    const memory = {
      name: 'peak RSS of the bench process (receiver/worker in process)',
      value: Math.round(peakRss / 1024 / 1024),
      unit: 'MB',
    };
    const withLoad = { ...result, figures: [...result.figures, memory], notes };
    report.results.push(withLoad);
    options.write(`\n${formatResult(withLoad)}`);
  }
  const file = await writeRun(report, path.join(PROJECT_ROOT, 'bench-results'));
  options.write(
    `\nResults written to ${path.relative(process.cwd(), file)} (and bench-results/latest.json).`,
  );
}
