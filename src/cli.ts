#!/usr/bin/env node
/**
 * The arlo-sync command line. Each command is a small function in src/commands/ (or an entry point's
 * run()); this file only parses arguments and reports errors as one clear line.
 */
import { Command, InvalidArgumentError, Option } from 'commander';

import {
  nonNegativeInteger,
  nonNegativeNumber,
  positiveNumber,
  pullSetting,
  tcpPort,
} from './commands/cli-arguments';

import { ALL_BENCHMARKS, bench, BENCHMARKS, OPT_IN_BENCHMARKS, type BenchmarkName } from './commands/bench';
import { registerChaosCommand } from './commands/chaos';
import { registerBulkCommand } from './commands/bulk';
import { describeSimulator, startDemoSimulator, type SimulatorCommandOptions } from './commands/simulator';
import { pushCommand, type PushCommandOptions } from './commands/push';
import { setupCommand, type SetupCommandOptions } from './commands/setup';
import { doctorCommand, type DoctorCommandOptions } from './commands/doctor';
import {
  DEFAULT_TEMPORAL_SETUP,
  temporalSetupCommand,
  type TemporalSetupOptions,
} from './commands/temporal-setup';
import { up } from './commands/up';
import {
  ConfigError,
  describeConfig,
  loadConfig,
  loadConfigWithSources,
  userEnvironment,
  type Config,
  type ConfigLayers,
} from './config';
import { localStackLayer } from './devstack/local-stack-discovery';
import { localStackCommand } from './commands/local-stack';
import { PostgresUnavailableError } from './devstack/production-lane/lane-tools';
import { provisionProductionLane } from './devstack/production-lane/production-lane';
import { ensureFerretDb, ensureTemporalCli, ToolUnavailableError } from './devstack/tools';

const write = (line: string) => process.stdout.write(`${line}\n`);

let localStack: ConfigLayers | undefined;

/**
 * The configuration layers of the commands that work against a running stack (bulk, push, setup, doctor,
 * config, temporal-setup, worker, server): what the local stack of `arlo-sync up` wrote to its state file
 * counts under the environment and `.env`, so they work in a second terminal next to `npm start` with
 * nothing exported. Says once, on stderr, where the stack's values came from.
 */
function stackLayers(): ConfigLayers {
  if (localStack !== undefined) return localStack;
  const layer = localStackLayer(userEnvironment());
  if (layer.notice !== undefined) process.stderr.write(`${layer.notice}\n`);
  localStack = { localStack: layer.env };
  return localStack;
}

/** Configuration for commands next to a running stack; see stackLayers. */
const stackConfig = (): Config => loadConfig(undefined, stackLayers());

export function buildCli(): Command {
  const program = new Command('arlo-sync')
    .description('Keeps an external system in sync with Arlo, in both directions, on Temporal.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('up')
    .description('run everything locally: Temporal + Web UI, MongoDB-protocol store, worker, receiver')
    .action(async () => {
      process.exitCode = await up(loadConfig(), { write, terminal: process.stdout.isTTY });
    });

  program
    .command('provision')
    .description('build the embedded Temporal dev server and FerretDB into the tools folder (once)')
    .option(
      '--production-lane',
      'also the Temporal server and its schema tool of the production lane (and check PostgreSQL)',
    )
    .action(async (options: { productionLane?: boolean }) => {
      const config = loadConfig();
      const started = Date.now();
      // Both builds at once: downloads overlap with compiling.
      const [temporal, ferretdb] = await Promise.all([
        ensureTemporalCli(config.toolsDir, write),
        ensureFerretDb(config.toolsDir, write),
      ]);
      write(`Temporal CLI: ${temporal}`);
      write(`FerretDB:     ${ferretdb}`);
      if (options.productionLane) {
        const lane = await provisionProductionLane(config.toolsDir, write);
        write(`Temporal server: ${lane.temporal.server}`);
        write(`Schema tool:     ${lane.temporal.sqlTool}`);
        write(`PostgreSQL:      ${lane.postgresBin}`);
      }
      write(`Provisioned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });

  program
    .command('worker')
    .description(
      'run a worker process (next to `npm start` it joins that stack; otherwise TEMPORAL_ADDRESS and ' +
        'MONGODB_URI must point at running servers)',
    )
    .action(async () => (await import('./worker')).run(stackConfig()));

  program
    .command('server')
    .description(
      'run the webhook receiver (next to `npm start` it joins that stack; otherwise TEMPORAL_ADDRESS and ' +
        'MONGODB_URI must point at running servers)',
    )
    .action(async () => (await import('./server')).run(stackConfig));

  program
    .command('simulator')
    .description('run the Arlo API simulator (with demo edits) until Ctrl-C')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'Arlo API port', tcpPort, 4010)
    .option('--control-port <port>', 'control API port', tcpPort, 4011)
    .option('--platform <name>', 'platform name sent as X-Arlo-Platform', 'demo.arlo.co')
    .option('--seed-records <n>', 'records to seed', nonNegativeInteger, 200)
    .option('--edits-per-second <n>', 'Arlo-user edits per second (0: none)', nonNegativeNumber, 2)
    .option('--webhook-url <url>', 'register a webhook endpoint calling this URL')
    .action(async (options: SimulatorCommandOptions) => {
      const started = await startDemoSimulator(options);
      await started.startEditing();
      write(['Arlo simulator running:', ...describeSimulator(started)].join('\n'));
      if (started.endpoint) write(`  Webhook key        ${started.endpoint.key}`);
      write(`  Password           ${started.simulator.credentials.password}\nPress Ctrl-C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await started.stop();
    });

  program
    .command('bench')
    .description('run the benchmarks and print their figures with the machine description')
    .addOption(
      new Option(
        '--only <names>',
        `comma-separated subset of: ${ALL_BENCHMARKS.join(', ')} (${OPT_IN_BENCHMARKS.join(', ')} only when named)`,
      )
        .argParser(benchmarkList)
        .default([...BENCHMARKS], `all but ${OPT_IN_BENCHMARKS.join(', ')}`),
    )
    .option('--seconds <n>', 'seconds per load phase', positiveNumber, 5)
    .option(
      '--set <NAME=VALUE>',
      'a pull-path variable for the pull path under test in pull-sync and pull-floor (repeatable), e.g. ARLO_EVENT_QUERY_BATCH_SIZE=50',
      pullSetting,
    )
    .action(async (options: { only: BenchmarkName[]; seconds: number; set?: Record<string, string> }) => {
      await bench({ only: options.only, seconds: options.seconds, pullSettings: options.set ?? {}, write });
    });

  registerChaosCommand(program, loadConfig, write);

  program
    .command('push')
    .description('push owned fields of one record into Arlo (as POST /push/... does) and print the outcome')
    .argument('<kind>', 'contact or organisation (plural and any case too)')
    .requiredOption('--external-id <id>', "the record's ID in the external system")
    .option(
      '--field <Name=Value>',
      'an owned field (repeatable)',
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--position <text>', 'Contact: Employment Position')
    .option('--organisation-id <id>', 'Contact: Employment Organisation (Arlo OrganisationID)')
    .option('--platform <name>', 'the configured platform (needed when several are configured)')
    .option('--deep-link <url>', 'link back to the record in the external system')
    .option('--dry-run', 'print the diff document (PATCH) or body (POST) it would send; write nothing')
    .action(async (kind: string, options: PushCommandOptions) => {
      write(await pushCommand(stackConfig(), kind, options));
    });

  registerBulkCommand(program, stackConfig, write);

  program
    .command('setup')
    .description(
      'connect the configured Arlo platform: check access, register the webhook endpoint, store its key, create the schedules (idempotent)',
    )
    .option('--dry-run', 'show what would be done; change nothing')
    .option('--platform <name>', 'the configured platform (needed when several are configured)')
    .option('-y, --yes', 'answer yes to every question')
    .option('--bulk', 'start the initial bulk load without asking')
    .option('--no-bulk', 'skip the initial bulk load')
    .action(async (options: SetupCommandOptions) => {
      await setupCommand(stackConfig(), options, write);
    });

  program
    .command('doctor')
    .description(
      'check configuration, Temporal, MongoDB, schedules, the receiver, the webhook endpoint, callbacks, the watermark, event IDs and change-feed consumers',
    )
    .option(
      '--max-watermark-age-hours <n>',
      'report a watermark unmoved for longer (default 24)',
      positiveNumber,
    )
    .action(async (options: DoctorCommandOptions) => {
      process.exitCode = await doctorCommand(stackConfig, options, write);
    });

  program
    .command('temporal-setup')
    .description(
      "register the Temporal namespace (if missing) and arlo-sync's search attributes on it (idempotent)",
    )
    .option(
      '--retention-days <n>',
      'history retention of a namespace this creates',
      positiveNumber,
      DEFAULT_TEMPORAL_SETUP.retentionDays,
    )
    .option(
      '--wait-seconds <n>',
      'wait this long for a server that is still starting',
      positiveNumber,
      DEFAULT_TEMPORAL_SETUP.waitSeconds,
    )
    .action(async (options: TemporalSetupOptions) => {
      await temporalSetupCommand(stackConfig(), options, write);
    });

  program
    .command('local-stack')
    .description('show the local stack `arlo-sync up` runs (what other commands in this folder use)')
    .option('--shell', 'print RECEIVER_URL and the push token of this run as shell assignments (for eval)')
    .action((options: { shell?: boolean }) => {
      process.exitCode = localStackCommand(userEnvironment(), options, write);
    });

  program
    .command('config')
    .description('validate the configuration and show each value and where it came from, secrets hidden')
    .action(() => {
      for (const line of describeConfig(loadConfigWithSources(undefined, stackLayers()))) write(line);
    });

  return program;
}

function benchmarkList(value: string): BenchmarkName[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(ALL_BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown benchmark ${unknown.join(', ')}; choose from ${ALL_BENCHMARKS.join(', ')}`,
    );
  }
  return names as BenchmarkName[];
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync([...argv]);
  } catch (error) {
    if (isCommanderExit(error)) {
      process.exitCode = error.exitCode;
      return;
    }
    const message =
      error instanceof ConfigError ||
      error instanceof ToolUnavailableError ||
      error instanceof PostgresUnavailableError
        ? error.message
        : `arlo-sync: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  }
}

function isCommanderExit(error: unknown): error is { exitCode: number } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    String(error.code).startsWith('commander.')
  );
}

if (require.main === module) void main(process.argv);
