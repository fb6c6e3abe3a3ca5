/**
 * `arlo-sync bulk start|status|pause|resume|cancel [--platform p] [--type Contact|...|all] [--since ISO]`:
 * operate the bulk walks (workflows/bulk-walk.ts) from a terminal, the same things the Temporal Web UI
 * shows (progress query, memo, search attributes) and does (signals).
 */
import { MultiBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';

import { loadConfig, type Config } from '../config';
import { isArloTimestamp } from '../domain/arlo-timestamp';
import { bulkWalkStatusView, recordsWalked, type BulkWalkProgress } from '../domain/bulk-walk';
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

export function registerBulkCommand(program: Command, write: Write): void {
  const bulk = program
    .command('bulk')
    .description('walk Arlo collections into the mirror: initial load, re-import, changed-since audit');
  const common = (command: Command) =>
    command
      .option('--platform <name>', 'the configured platform (needed when several are configured)')
      .option('--type <type>', `Contact, Organisation, Registration, Event, Order or all`, resourceTypes, [
        ...BULK_RESOURCE_TYPES,
      ]);
  common(bulk.command('start').description('start walks (a running walk is left as it is)'))
    .option('--since <iso>', 'only records changed since this UTC time (reconcile mode)', sinceArgument)
    .action((options: BulkCommandOptions) => runBulk('start', options, write));
  common(bulk.command('status').description('show progress (a live bar on a terminal)'))
    .option('--once', 'print the progress once and exit')
    .action((options: BulkCommandOptions) => runBulk('status', options, write));
  for (const action of ['pause', 'resume', 'cancel'] as const) {
    common(bulk.command(action).description(`${action} the walks by signal`)).action(
      (options: BulkCommandOptions) => runBulk(action, options, write),
    );
  }
}

export type BulkAction = 'start' | 'status' | 'pause' | 'resume' | 'cancel';

export async function runBulk(action: BulkAction, options: BulkCommandOptions, write: Write): Promise<void> {
  const config = loadConfig();
  const platform = choosePlatform(config, options.platform);
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
    `${progress.resourceType}: ${progress.status}`,
    `${view.pages} pages`,
    `${recordsWalked(progress)} records`,
    `${view.recordsPerSecond}/s`,
    `repaired ${progress.repairedCount}`,
    `at ${view.position ?? (progress.status === 'done' ? 'end' : 'start')}`,
    `started ${progress.startedAt}`,
    ...(view.estimatedEnd !== undefined ? [`ETA ${view.estimatedEnd}`] : []),
  ].join(' | ');
}

/** A bar per walk: how far its cursor is through the time range (Arlo gives no total), until all end. */
async function liveStatus(targets: readonly BulkWalkTarget[], read: ReadProgress, write: Write) {
  const bars = new MultiBar(
    { format: ' {type} [{bar}] {percentage}% | {pages} pages | {records} records | {rate}/s | {status}' },
    Presets.shades_classic,
  );
  const rows = targets.map((target) =>
    bars.create(100, 0, { type: target.resourceType.padEnd(12), pages: 0, records: 0, rate: 0, status: '' }),
  );
  try {
    for (;;) {
      let open = 0;
      for (const [index, target] of targets.entries()) {
        const found = await read(target);
        if (found?.open) open += 1;
        rows[index]?.update(found === undefined ? 0 : percentDone(found.progress), {
          pages: found?.progress.pages ?? 0,
          records: found === undefined ? 0 : recordsWalked(found.progress),
          rate: found === undefined ? 0 : bulkWalkStatusView(found.progress, new Date()).recordsPerSecond,
          status: found?.progress.status ?? 'never started',
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

function percentDone(progress: BulkWalkProgress): number {
  if (progress.status === 'done') return 100;
  const view = bulkWalkStatusView(progress, new Date());
  if (view.position === undefined) return 0;
  const from = Date.parse(progress.since ?? view.position);
  const span = Date.now() - from;
  return span > 0 ? Math.min(99, Math.round((100 * (Date.parse(view.position) - from)) / span)) : 0;
}

function choosePlatform(config: Config, requested: string | undefined): string {
  const names = config.platforms.map((p) => p.name);
  if (requested !== undefined) {
    if (!names.includes(requested)) {
      throw new Error(`--platform ${requested} is not configured; configured: ${names.join(', ') || 'none'}`);
    }
    return requested;
  }
  const [only, ...others] = names;
  if (only === undefined)
    throw new Error('no Arlo platform is configured: set ARLO_BASE_URL and ARLO_PLATFORM');
  if (others.length > 0)
    throw new Error(`several platforms are configured: choose one with --platform (${names.join(', ')})`);
  return only;
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
