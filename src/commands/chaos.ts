/**
 * `arlo-sync chaos`: one bounded chaos run against a stack it owns (see src/chaos). Prints progress, then
 * the summary line; writes the figures as JSON when asked; answers 1 on any loss, wrong record,
 * duplicate side effect or timeout. Ctrl-C stops the run and everything it started.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  chaosOptionProblems,
  DEFAULT_CHAOS_OPTIONS,
  PRODUCTION_LANE_CHAOS,
  type ChaosOptions,
} from '../chaos/chaos-options';
import { chaosPassed, formatSummary } from '../chaos/chaos-summary';
import { bulkSteps } from '../chaos/bulk-steps';
import { runChaos } from '../chaos/run-chaos';
import type { Config } from '../config';

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
      steps: bulkSteps(write),
      logsDir,
    });
    for (const problem of figures.problems) write(`  ${problem}`);
    if (figures.stepsNotWired.length > 0) write(`chaos: not wired yet: ${figures.stepsNotWired.join(', ')}`);
    write(formatSummary(figures));
    if (options.jsonFile) await writeFile(options.jsonFile, `${JSON.stringify(figures, null, 2)}\n`);
    return chaosPassed(figures) ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
