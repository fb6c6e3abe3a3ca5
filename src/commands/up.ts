/**
 * `arlo-sync up`: the whole product on one machine with embedded defaults. Starts (or uses, when
 * TEMPORAL_ADDRESS / MONGODB_URI are set) Temporal with its Web UI and the MongoDB-protocol store, then the
 * worker and the receiver as separate processes, exactly as they run in production. Prints where each
 * thing is; Ctrl-C stops everything it started, in reverse order.
 */
import path from 'node:path';

import { childProcessEnv, type Config } from '../config';
import { startLocalStack } from '../devstack/local-stack';
import { startManagedProcess, type ManagedProcess } from '../devstack/managed-process';
import { redactUri } from '../store/mongo';

export interface UpOptions {
  readonly write: (line: string) => void;
}

export async function up(config: Config, { write }: UpOptions): Promise<number> {
  const stack = await startLocalStack(config, { mode: 'interactive', log: write, inheritStderr: true });
  const children: ManagedProcess[] = [];
  let stopping = false;

  const stopAll = async () => {
    stopping = true;
    for (const child of [...children].reverse()) await child.stop();
    await stack.stop();
  };

  try {
    const env = childProcessEnv({ TEMPORAL_ADDRESS: stack.temporalAddress, MONGODB_URI: stack.mongoUri });
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
  } catch (error) {
    await stopAll();
    throw error;
  }

  write(
    [
      '',
      'arlo-sync is running:',
      `  Webhook receiver   http://${config.receiver.host}:${config.receiver.port}${config.receiver.webhookPath}`,
      `  Temporal           ${stack.temporalAddress}${stack.embedded.temporal ? ' (embedded dev server)' : ''}`,
      `  Temporal Web UI    ${stack.temporalUiUrl ?? '(your Temporal server’s UI)'}`,
      `  MongoDB            ${redactUri(stack.mongoUri)}${stack.embedded.mongo ? ` (embedded FerretDB, data in ${path.relative(process.cwd(), config.dataDir) || '.'})` : ''}`,
      `  Arlo               ${config.platforms.map((p) => `${p.name} (${p.baseUrl})`).join(', ') || 'no platform configured'}`,
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
