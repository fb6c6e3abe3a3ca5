/**
 * `arlo-sync chaos`: one bounded chaos run against a stack it owns (see src/chaos). Prints progress, then
 * the summary line; writes the figures as JSON when asked; answers 1 on any loss, wrong record,
 * duplicate side effect or timeout. Ctrl-C stops the run and everything it started.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chaosOptionProblems, DEFAULT_CHAOS_OPTIONS, type ChaosOptions } from '../chaos/chaos-options';
import { chaosPassed, formatSummary } from '../chaos/chaos-summary';
import { runChaos } from '../chaos/run-chaos';
import type { Config } from '../config';

/** The CLI's options: the run's counts as they are, the time limit in minutes, the JSON file by name. */
export type ChaosCommandOptions = Pick<
  ChaosOptions,
  | 'events'
  | 'seed'
  | 'workerKills'
  | 'temporalRestarts'
  | 'mongoRestarts'
  | 'receiverRestarts'
  | 'pushes'
  | 'editsPerSecond'
> & { readonly timeLimitMinutes: number; readonly json?: string };

export async function chaosCommand(
  config: Config,
  command: ChaosCommandOptions,
  write: (line: string) => void,
): Promise<number> {
  const { timeLimitMinutes, json, ...counts } = command;
  const options: ChaosOptions = {
    ...DEFAULT_CHAOS_OPTIONS,
    ...counts,
    timeLimitMs: timeLimitMinutes * 60_000,
    jsonFile: json,
  };
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
