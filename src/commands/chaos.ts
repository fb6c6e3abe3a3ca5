/**
 * `arlo-sync chaos`: one bounded chaos run against a stack it owns (see src/chaos). Prints progress, then
 * the summary line; writes the figures as JSON when asked; answers 1 on any loss, wrong record,
 * duplicate side effect or timeout. Ctrl-C stops the run and everything it started.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Option, type Command } from 'commander';

import {
  CHAOS_LANES,
  chaosOptionProblems,
  DEFAULT_CHAOS_OPTIONS,
  PRODUCTION_LANE_CHAOS,
  type ChaosOptions,
} from '../chaos/chaos-options';
import { chaosPassed, formatSummary } from '../chaos/chaos-summary';
import { runChaos } from '../chaos/run-chaos';
import type { Config } from '../config';
import { nonNegativeInteger, positiveInteger, positiveNumber } from './cli-arguments';

/**
 * The CLI's options: the lane, the run's counts as they are, the time limit in minutes, the JSON file by
 * name. Each one left out takes the lane's default (DEFAULT_CHAOS_OPTIONS or PRODUCTION_LANE_CHAOS).
 */
export type ChaosCommandOptions = Partial<
  Pick<
    ChaosOptions,
    | 'lane'
    | 'workers'
    | 'receivers'
    | 'events'
    | 'seed'
    | 'workerKills'
    | 'temporalRestarts'
    | 'mongoRestarts'
    | 'receiverRestarts'
    | 'postgresRestarts'
    | 'pushes'
    | 'editsPerSecond'
  > & { readonly arloRequestsPerMinute: number; readonly timeLimitMinutes: number }
> & { readonly json?: string };

export function chaosOptionsOf(command: ChaosCommandOptions): ChaosOptions {
  const { timeLimitMinutes, json, ...given } = command;
  const base = given.lane === 'production' ? PRODUCTION_LANE_CHAOS : DEFAULT_CHAOS_OPTIONS;
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return {
    ...base,
    ...defined,
    ...(timeLimitMinutes !== undefined ? { timeLimitMs: timeLimitMinutes * 60_000 } : {}),
    jsonFile: json,
  };
}

export async function chaosCommand(
  config: Config,
  command: ChaosCommandOptions,
  write: (line: string) => void,
): Promise<number> {
  const options = chaosOptionsOf(command);
  const problems = chaosOptionProblems(options);
  if (problems.length > 0) {
    write(`arlo-sync chaos: ${problems.join('; ')}`);
    return 2;
  }
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // The children's logs outlive the run: after a failure they are what tells why.
  const logsDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-chaos-logs-'));
  write(`chaos: worker and receiver logs in ${logsDir}`);
  try {
    const figures = await runChaos(options, {
      toolsDir: config.toolsDir,
      log: write,
      signal: interrupt.signal,
      logsDir,
    });
    for (const problem of figures.problems) write(`  ${problem}`);
    write(formatSummary(figures));
    if (options.jsonFile) await writeFile(options.jsonFile, `${JSON.stringify(figures, null, 2)}\n`);
    return chaosPassed(figures) ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `arlo-sync chaos` and its options; each count's help names both lanes' defaults. */
export function registerChaosCommand(
  program: Command,
  config: () => Config,
  write: (line: string) => void,
): void {
  program
    .command('chaos')
    .description(
      'a bounded chaos run: mixed workload + injected faults on a stack of its own; exits 1 on any loss',
    )
    .addOption(
      new Option('--lane <lane>', 'embedded (dev server, FerretDB on SQLite) or production')
        .choices(CHAOS_LANES)
        .default('embedded'),
    )
    .option('--workers <n>', `worker processes ${laneDefaults('workers')}`, positiveInteger)
    .option('--receivers <n>', `receiver processes ${laneDefaults('receivers')}`, positiveInteger)
    .option('--events <n>', `Arlo events to drive ${laneDefaults('events')}`, nonNegativeInteger)
    .option(
      '--seed <n>',
      `seed of the workload and the fault schedule ${laneDefaults('seed')}`,
      nonNegativeInteger,
    )
    .option(
      '--worker-kills <n>',
      `worker SIGKILLs, each restarted ${laneDefaults('workerKills')}`,
      nonNegativeInteger,
    )
    .option(
      '--temporal-restarts <n>',
      `Temporal server stop + restart ${laneDefaults('temporalRestarts')}`,
      nonNegativeInteger,
    )
    .option(
      '--mongo-restarts <n>',
      `MongoDB-protocol server stop + restart ${laneDefaults('mongoRestarts')}`,
      nonNegativeInteger,
    )
    .option(
      '--receiver-restarts <n>',
      `receiver restarts ${laneDefaults('receiverRestarts')}`,
      nonNegativeInteger,
    )
    .option(
      '--postgres-restarts <n>',
      `PostgreSQL stop + restart, production lane ${laneDefaults('postgresRestarts')}`,
      nonNegativeInteger,
    )
    .option(
      '--pushes <n>',
      `push requests from the external side ${laneDefaults('pushes')}`,
      nonNegativeInteger,
    )
    .option(
      '--edits-per-second <n>',
      `Arlo-user edits per second ${laneDefaults('editsPerSecond')}`,
      positiveNumber,
    )
    .option(
      '--arlo-requests-per-minute <n>',
      `the budget the simulated Arlo enforces ${laneDefaults('arloRequestsPerMinute')}`,
      positiveInteger,
    )
    .option(
      '--time-limit-minutes <n>',
      'stop everything and fail after this (default 25; production lane 12)',
      positiveNumber,
    )
    .option('--json <file>', 'also write the figures as JSON')
    .action(async (options: ChaosCommandOptions) => {
      process.exitCode = await chaosCommand(config(), options, write);
    });
}

/** "(default N; production lane M)" for a chaos option's help. */
function laneDefaults(key: keyof ChaosOptions): string {
  const shown = (value: ChaosOptions[keyof ChaosOptions]) =>
    value === null ? 'none enforced' : JSON.stringify(value);
  return `(default ${shown(DEFAULT_CHAOS_OPTIONS[key])}; production lane ${shown(PRODUCTION_LANE_CHAOS[key])})`;
}
