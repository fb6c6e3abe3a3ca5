/**
 * `arlo-sync up`: the whole product on one machine with embedded defaults. Starts (or uses, when
 * TEMPORAL_ADDRESS / MONGODB_URI are set) Temporal with its Web UI and the MongoDB-protocol store; when no
 * Arlo platform is configured, the demo platform (the Arlo simulator, kept under the data folder) with a
 * webhook endpoint pointing at the receiver; then the worker and the receiver as separate processes,
 * exactly as they run in production. Prints where each thing is and writes it to the state file a
 * second terminal's CLI reads; Ctrl-C stops everything it started, in reverse order (its processes run
 * in process groups of their own, so that the terminal's Ctrl-C does not stop them all at once). What a
 * killed `up` left running, the next one stops first (src/devstack/leftover-processes.ts).
 */
import path from 'node:path';

import { childProcessEnv, maskCredentials, type Config } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import {
  generatePushToken,
  localStackStatePath,
  removeLocalStackState,
  writeLocalStackState,
} from '../devstack/local-stack-state';
import { describeLeftovers, stopLeftoverProcesses, UpProcessRecord } from '../devstack/leftover-processes';
import { createLogPresenter } from '../devstack/log-presenter';
import { startManagedProcess, STOP_GRACE_MS, type ManagedProcess } from '../devstack/managed-process';
import { listenForStopRequests } from '../devstack/stop-requests';
import { waitForReceiver } from '../devstack/wait-for-receiver';
import { waitForWorker } from '../devstack/wait-for-worker';
import { assertPortsFree, portsUpListensOn } from '../devstack/stack-ports';
import { startSummaryLoop } from '../devstack/stack-summary-loop';
import { connectClient, temporalTarget } from '../temporal/connection';
import { demoConsumer } from './demo-consumer';
import { startDemoPlatform } from './demo-platform';
import { describeSimulator, type StartedSimulator } from './simulator';

export interface UpOptions {
  /** Lines for people: the banner and the summary. */
  readonly write: (line: string) => void;
  /** Whether stdout is a terminal: readable log lines then, JSON lines otherwise. */
  readonly terminal: boolean;
}

const SUMMARY_INTERVAL_MS = 10_000;
const STOP_GRACE_S = STOP_GRACE_MS / 1_000;

export async function up(config: Config, { write, terminal }: UpOptions): Promise<number> {
  // What a previous `up` of this folder left running when it was killed (or: it still runs).
  const leftovers = await stopLeftoverProcesses(config.dataDir, {
    onStopping: (killed, processes) =>
      write(
        `Stopping what the killed \`arlo-sync up\` (pid ${killed.pid}) left running: ` +
          `${processes.map((p) => p.name).join(', ')}...`,
      ),
  });
  const said = describeLeftovers(leftovers, displayPath(config.dataDir));
  if (leftovers.kind === 'running') throw new Error(said);
  if (said !== undefined) write(said);
  if (leftovers.kind === 'stopped') await removeLocalStackState(config.dataDir, leftovers.up.pid);
  await assertPortsFree(portsUpListensOn(config));
  const record = UpProcessRecord.begin(config.dataDir);
  const recordSpawned = record.add.bind(record);

  // Listening from the start: the servers, once spawned, hear no Ctrl-C but through this process.
  let running = false;
  let repeatSaid = false;
  const stopRequests = listenForStopRequests((signal, repeated) => {
    if (!repeated && !running) write(`${signal}: stopping once what is starting has started...`);
    if (!repeated || repeatSaid) return;
    repeatSaid = true;
    write(`Already stopping: each process gets ${STOP_GRACE_S} s to finish, then it is killed.`);
  });
  const stack = await startLocalStack(config, {
    mode: 'interactive',
    log: write,
    inheritStderr: true,
    ownProcessGroups: true,
    onSpawned: recordSpawned,
  }).catch((error: unknown) => {
    record.remove(); // What it spawned, it stopped.
    throw error;
  });
  const children: ManagedProcess[] = [];
  let simulator: StartedSimulator | undefined;
  let summary: { stop(): void } | undefined;
  let stopping = false;

  const stopAll = async () => {
    stopping = true;
    summary?.stop();
    await removeLocalStackState(config.dataDir);
    for (const child of [...children].reverse()) await child.stop();
    await simulator?.stop();
    await stack.stop();
    record.remove();
  };

  const receiverUrl = `http://${config.receiver.host}:${config.receiver.port}`;
  const present = createLogPresenter({
    pretty: terminal,
    colorize: terminal,
    verbose: config.logLevel === 'debug' || config.logLevel === 'trace',
    write,
  });
  // Push and the change feed are served out of the box: with no tokens of the user's, one for this run.
  const demoPushToken = config.push.tokens.length === 0 ? generatePushToken() : undefined;
  const consumer = demoConsumer(config, receiverUrl);
  let arlo: Record<string, string> = {};
  try {
    if (config.platforms.length === 0) {
      // No Arlo credentials: the simulator stands in, calling the receiver with signed webhooks.
      simulator = await startDemoPlatform({
        dataDir: config.dataDir,
        mongoUri: stack.mongoUri,
        database: config.mongo.database,
        port: config.simulator.port,
        controlPort: config.simulator.controlPort,
        seedRecords: config.simulator.demoSeedRecords,
        editsPerSecond: config.simulator.demoEditsPerSecond,
        webhookUrl: `${receiverUrl}${config.receiver.webhookPath}`,
      });
      arlo = {
        ARLO_BASE_URL: simulator.simulator.baseUrl,
        ARLO_PLATFORM: simulator.simulator.platform,
        ARLO_USERNAME: simulator.simulator.credentials.username,
        ARLO_PASSWORD: simulator.simulator.credentials.password,
        ARLO_WEBHOOK_KEYS: simulator.endpoint?.key ?? '',
      };
    }
    const shared = {
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      MONGODB_URI: stack.mongoUri,
      MONGODB_DATABASE: config.mongo.database,
      ...arlo,
      ...(demoPushToken !== undefined ? { PUSH_TOKENS: demoPushToken } : {}),
      ...consumer.env,
    };
    const env = childProcessEnv(shared);
    for (const [name, entry] of [
      ['worker', require.resolve('../worker')],
      ['receiver', require.resolve('../server')],
    ] as const) {
      children.push(
        startManagedProcess(name, process.execPath, [entry], {
          env,
          inheritStderr: true,
          ownProcessGroup: true,
          onSpawned: recordSpawned,
          onStdoutLine: (line) => present(name, line),
        }),
      );
    }
    await waitForReceiver(`${receiverUrl}/healthz`, children);
    const temporal = await connectClient(temporalTarget(config, stack.temporalAddress));
    // The banner says the stack runs once the worker does too, so a quick Ctrl-C never stops it mid-start.
    await waitForWorker(temporal, config.temporal, children).catch(async (error: unknown) => {
      await temporal.connection.close();
      throw error;
    });
    if (simulator) await simulator.startEditing();

    await writeLocalStackState(config.dataDir, {
      version: 1,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      demo: simulator !== undefined,
      platform: simulator?.simulator.platform ?? config.platforms[0]?.name,
      receiverUrl,
      temporalUiUrl: stack.temporalUiUrl,
      env: {
        ...shared,
        // What a CLI next to this stack needs beyond what the worker and receiver get: where they are.
        RECEIVER_HOST: config.receiver.host,
        RECEIVER_PORT: String(config.receiver.port),
        RECEIVER_PUBLIC_URL: receiverUrl,
      },
    });
    const workerMetrics =
      config.worker.metricsPort === 0
        ? undefined
        : `http://${config.worker.metricsHost}:${config.worker.metricsPort}/metrics`;
    const loop = startSummaryLoop({
      workerMetricsUrl: workerMetrics,
      receiverMetricsUrl: `${receiverUrl}/metrics`,
      temporal,
      intervalMs: SUMMARY_INTERVAL_MS,
      // Off a terminal, a JSON line shaped like the children's (pino's level 30 is info).
      write: (line) =>
        write(
          terminal
            ? `  ${line}`
            : JSON.stringify({ level: 30, time: Date.now(), name: 'arlo-sync-up', msg: line }),
        ),
    });
    summary = {
      stop: () => {
        loop.stop();
        void temporal.connection.close();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }

  if (stopRequests.requested() !== undefined) {
    await stopAll();
    write('Stopped.');
    return 0;
  }
  running = true;
  write(
    [
      '',
      'arlo-sync is running:',
      `  Webhook receiver   ${receiverUrl}${config.receiver.webhookPath}`,
      `  Temporal           ${stack.temporalAddress}${stack.embedded.temporal ? ' (embedded dev server)' : ''}`,
      `  Temporal Web UI    ${stack.temporalUiUrl ?? '(your Temporal server’s UI)'}`,
      `  MongoDB            ${maskCredentials(stack.mongoUri)}${stack.embedded.mongo ? ` (embedded FerretDB, data in ${displayPath(config.dataDir)})` : ''}`,
      ...(simulator
        ? describeSimulator(simulator)
        : [`  Arlo               ${config.platforms.map((p) => `${p.name} (${p.baseUrl})`).join(', ')}`]),
      demoPushToken !== undefined
        ? `  Push endpoint      ${receiverUrl}/push/contacts  (token for this run: ${demoPushToken})`
        : `  Push endpoint      ${receiverUrl}/push/contacts  (tokens from PUSH_TOKENS)`,
      ...consumer.lines,
      `  For other shells   ${displayPath(localStackStatePath(config.dataDir))} (\`npx arlo-sync …\` reads it)`,
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );

  // Run until Ctrl-C / SIGTERM / SIGHUP, or until a child dies (then stop the rest and report it).
  const childExit = Promise.race(
    children.map((child) => child.exited.then((code) => ({ name: child.name, code }))),
  );
  const first = await Promise.race([stopRequests.first, childExit]);
  if (typeof first === 'string') {
    write(`\n${first}: stopping...`);
    await stopAll();
    write('Stopped.');
    return 0;
  }
  if (!stopping) write(`\nThe ${first.name} exited unexpectedly (code ${first.code}); stopping the rest.`);
  await stopAll();
  return 1;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
}

/** The demo's edits start once the receiver answers, so its first webhooks are not refused. */
