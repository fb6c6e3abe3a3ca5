/**
 * `arlo-sync bulk start|status|pause|resume|cancel [--platform p] [--type Contact|...|all] [--since ISO]`:
 * operate the bulk walks (workflows/bulk-walk.ts) from a terminal, the same things the Temporal Web UI
 * shows (progress query, memo, search attributes) and does (signals).
 */
import { MultiBar, Presets } from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';

import { chooseConfiguredPlatform, type Config } from '../config';
import { isArloTimestamp } from '../domain/arlo-timestamp';
import { recordsWalked, type BulkWalkProgress } from '../domain/bulk-walk';
import { bulkWalkStatusView } from '../domain/bulk-walk-status';
import { BULK_RESOURCE_TYPES, type BulkResourceType } from '../domain/resource-types';
import { bulkWalkProgress, signalBulkWalk, startBulkWalk, type BulkWalkTarget } from '../temporal/bulk-walks';
import { connectClient, temporalTarget } from '../temporal/connection';

export interface BulkCommandOptions {
  readonly platform?: string;
  readonly type: readonly BulkResourceType[];
  readonly since?: string;
  /** status: print once instead of a live bar. */
  readonly once?: boolean;
}

type Write = (line: string) => void;

export function registerBulkCommand(program: Command, loadConfig: () => Config, write: Write): void {
  const bulk = program
    .command('bulk')
    .description('walk Arlo collections into the mirror: initial load, re-import, changed-since audit');
  const common = (command: Command) =>
    command
      .option('--platform <name>', 'the configured platform (needed when several are configured)')
      .addOption(
        new Option('--type <type>', 'Contact, Organisation, Registration, Event, Order or all')
          .argParser(resourceTypes)
          .default([...BULK_RESOURCE_TYPES], 'all'),
      );
  common(bulk.command('start').description('start walks (a running walk is left as it is)'))
    .option('--since <iso>', 'only records changed since this UTC time (reconcile mode)', sinceArgument)
    .action((options: BulkCommandOptions) => runBulk(loadConfig(), 'start', options, write));
  common(bulk.command('status').description('show progress (a live bar on a terminal)'))
    .option('--once', 'print the progress once and exit')
    .action((options: BulkCommandOptions) => runBulk(loadConfig(), 'status', options, write));
  for (const action of ['pause', 'resume', 'cancel'] as const) {
    common(bulk.command(action).description(`${action} the walks by signal`)).action(
      (options: BulkCommandOptions) => runBulk(loadConfig(), action, options, write),
    );
  }
}

export type BulkAction = 'start' | 'status' | 'pause' | 'resume' | 'cancel';

export async function runBulk(
  config: Config,
  action: BulkAction,
  options: BulkCommandOptions,
  write: Write,
): Promise<void> {
  const platform = chooseConfiguredPlatform(config.platforms, options.platform).name;
  const targets = options.type.map((resourceType) => ({ platform, resourceType }));
  const client = await connectClient(temporalTarget(config));
  try {
    switch (action) {
      case 'start':
        for (const target of targets) {
          const { handle, started } = await startBulkWalk(client, config, {
            ...target,
            ...(options.since !== undefined ? { since: options.since, mode: 'reconcile' as const } : {}),
          });
          write(`${target.resourceType}: ${started ? 'started' : 'already running'} (${handle.workflowId})`);
        }
        return;
      case 'status': {
        const show = options.once === true || !process.stdout.isTTY ? printStatus : liveStatus;
        await show(targets, (target) => bulkWalkProgress(client, target), write);
        return;
      }
      default:
        for (const target of targets) {
          // Only a running walk takes a signal; a finished one has nothing left to pause or resume.
          const found = await bulkWalkProgress(client, target);
          if (found?.open !== true) {
            const state = found === undefined ? 'never started' : `not running (${found.progress.status})`;
            write(`${target.resourceType}: ${state}; nothing to ${action}`);
            continue;
          }
          await signalBulkWalk(client, target, action);
          write(`${target.resourceType}: ${action} sent`);
        }
    }
  } finally {
    await client.connection.close();
  }
}

type ReadProgress = (
  target: BulkWalkTarget,
) => Promise<{ progress: BulkWalkProgress; open: boolean } | undefined>;

async function printStatus(targets: readonly BulkWalkTarget[], read: ReadProgress, write: Write) {
  for (const target of targets) {
    const found = await read(target);
    write(found === undefined ? `${target.resourceType}: never started` : describeProgress(found.progress));
  }
}

/** One line per walk, as the Web UI's memo has it. */
export function describeProgress(progress: BulkWalkProgress, now = new Date()): string {
  const view = bulkWalkStatusView(progress, now);
  return [
    `${progress.resourceType}: ${walkKind(progress)} ${progress.status}`,
    ...(view.percentDone !== undefined ? [`${view.percentDone} %`] : []),
    `${view.pages} page${view.pages === 1 ? '' : 's'}`,
    `${recordsWalked(progress)} records`,
    `${view.recordsPerSecond}/s`,
    outcomeWords(progress),
    `at ${view.position ?? (progress.status === 'done' ? 'end' : 'start')}`,
    `started ${progress.startedAt}`,
    ...(view.estimatedEnd !== undefined ? [`ETA ${view.estimatedEnd}`] : []),
  ].join(' | ');
}

/** A full load (initial load or re-import) or a changed-since reconciliation. */
function walkKind(progress: BulkWalkProgress): string {
  return progress.mode === 'bulk' ? 'full load' : `changes since ${progress.since ?? 'the start'}`;
}

/**
 * What the walk did to the mirror. A full load fills the mirror: its records are new or updated. Only a
 * reconciliation's inserts and updates are repairs: records the webhooks had missed.
 */
function outcomeWords(progress: BulkWalkProgress): string {
  const { inserted, updated } = progress.counters;
  return progress.mode === 'bulk'
    ? `${inserted} new, ${updated} updated in the mirror`
    : `${progress.repairedCount} repaired (missed by webhooks)`;
}

/** A bar per walk: how far its cursor is through the time range (Arlo gives no total), until all end. */
async function liveStatus(targets: readonly BulkWalkTarget[], read: ReadProgress, write: Write) {
  const bars = new MultiBar(
    {
      format: ' {type} [{bar}] {percentage}% | {pages} pages | {records} records | {rate}/s | {status}{eta}',
    },
    Presets.shades_classic,
  );
  const rows = targets.map((target) =>
    bars.create(100, 0, {
      type: target.resourceType.padEnd(12),
      pages: 0,
      records: 0,
      rate: 0,
      status: '',
      eta: '',
    }),
  );
  try {
    for (;;) {
      let open = 0;
      for (const [index, target] of targets.entries()) {
        const found = await read(target);
        if (found?.open) open += 1;
        const view = found === undefined ? undefined : bulkWalkStatusView(found.progress, new Date());
        rows[index]?.update(Math.floor(view?.percentDone ?? 0), {
          pages: view?.pages ?? 0,
          records: view === undefined ? 0 : recordsWalked(view),
          rate: view?.recordsPerSecond ?? 0,
          status: view === undefined ? 'never started' : `${walkKind(view)} ${view.status}`,
          eta: view?.estimatedEnd === undefined ? '' : ` | ETA ${view.estimatedEnd.slice(11, 19)} UTC`,
        });
      }
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    bars.stop();
  }
  write('No walk running.');
}

export function resourceTypes(value: string): BulkResourceType[] {
  if (value.toLowerCase() === 'all') return [...BULK_RESOURCE_TYPES];
  const found = BULK_RESOURCE_TYPES.find((type) => type.toLowerCase() === value.toLowerCase());
  if (found === undefined) {
    throw new InvalidArgumentError(`must be one of ${BULK_RESOURCE_TYPES.join(', ')} or all`);
  }
  return [found];
}

export function sinceArgument(value: string): string {
  if (!isArloTimestamp(value)) {
    throw new InvalidArgumentError('must be a UTC time such as 2024-01-15T00:00:00Z');
  }
  return value;
}
