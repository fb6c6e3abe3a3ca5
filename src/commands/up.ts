/**
 * `arlo-sync up`: the whole product on one machine with embedded defaults. Starts (or uses, when
 * TEMPORAL_ADDRESS / MONGODB_URI are set) Temporal with its Web UI and the MongoDB-protocol store; when no
 * Arlo platform is configured, the Arlo simulator in demo mode with a webhook endpoint pointing at the
 * receiver; then the worker and the receiver as separate processes, exactly as they run in production.
 * Prints where each thing is; Ctrl-C stops everything it started, in reverse order.
 */
import path from 'node:path';

import { childProcessEnv, type Config } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import { startManagedProcess, type ManagedProcess } from '../devstack/managed-process';
import { redactUri } from '../store/mongo';
import { demoConsumer } from './demo-consumer';
import { describeSimulator, startDemoSimulator, type StartedSimulator } from './simulator';

export interface UpOptions {
  readonly write: (line: string) => void;
}

export async function up(config: Config, { write }: UpOptions): Promise<number> {
  const stack = await startLocalStack(config, { mode: 'interactive', log: write, inheritStderr: true });
  const children: ManagedProcess[] = [];
  let simulator: StartedSimulator | undefined;
  let stopping = false;

  const stopAll = async () => {
    stopping = true;
    for (const child of [...children].reverse()) await child.stop();
    await simulator?.stop();
    await stack.stop();
  };

  const receiverUrl = `http://${config.receiver.host}:${config.receiver.port}`;
  const consumer = demoConsumer(config, receiverUrl, config.platforms.length === 0);
  try {
    const arlo: Record<string, string> = {};
    if (config.platforms.length === 0) {
      // No Arlo credentials: the simulator stands in, calling the receiver with signed webhooks.
      simulator = await startDemoSimulator({
        host: '127.0.0.1',
        port: config.simulator.port,
        controlPort: config.simulator.controlPort,
        platform: 'demo.arlo.co',
        seedRecords: config.simulator.demoSeedRecords,
        editsPerSecond: config.simulator.demoEditsPerSecond,
        webhookUrl: `${receiverUrl}${config.receiver.webhookPath}`,
      });
      Object.assign(arlo, {
        ARLO_BASE_URL: simulator.simulator.baseUrl,
        ARLO_PLATFORM: simulator.simulator.platform,
        ARLO_USERNAME: simulator.simulator.credentials.username,
        ARLO_PASSWORD: simulator.simulator.credentials.password,
        ARLO_WEBHOOK_KEYS: simulator.endpoint?.key ?? '',
      });
    }
    const env = childProcessEnv({
      TEMPORAL_ADDRESS: stack.temporalAddress,
      MONGODB_URI: stack.mongoUri,
      ...arlo,
      ...consumer.env,
    });
    for (const [name, entry] of [
      ['worker', require.resolve('../worker')],
      ['receiver', require.resolve('../server')],
    ] as const) {
      children.push(
        startManagedProcess(name, process.execPath, [entry], {
          env,
          inheritStderr: true,
          onStdoutLine: (line) => write(`[${name}] ${line}`),
        }),
      );
    }
    if (simulator) {
      await waitForReceiver(`${receiverUrl}/healthz`, children);
      await simulator.startEditing();
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  write(
    [
      '',
      'arlo-sync is running:',
      `  Webhook receiver   ${receiverUrl}${config.receiver.webhookPath}`,
      `  Temporal           ${stack.temporalAddress}${stack.embedded.temporal ? ' (embedded dev server)' : ''}`,
      `  Temporal Web UI    ${stack.temporalUiUrl ?? '(your Temporal server’s UI)'}`,
      `  MongoDB            ${redactUri(stack.mongoUri)}${stack.embedded.mongo ? ` (embedded FerretDB, data in ${path.relative(process.cwd(), config.dataDir) || '.'})` : ''}`,
      ...(simulator
        ? describeSimulator(simulator)
        : [`  Arlo               ${config.platforms.map((p) => `${p.name} (${p.baseUrl})`).join(', ')}`]),
      ...consumer.lines,
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );

  // Run until Ctrl-C / SIGTERM, or until a child dies (then stop the rest and report it).
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const childExit = Promise.race(
    children.map((child) => child.exited.then((code) => ({ name: child.name, code }))),
  );
  const first = await Promise.race([signalled, childExit]);
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

/** The demo's edits start once the receiver answers, so its first webhooks are not refused. */
async function waitForReceiver(healthUrl: string, children: readonly ManagedProcess[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const dead = children.find((child) => child.child.exitCode !== null);
    if (dead) throw new Error(`the ${dead.name} exited during start-up:\n${dead.stderrTail()}`);
    const ok = await fetch(healthUrl).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the receiver did not answer ${healthUrl} within 60 s`);
}
