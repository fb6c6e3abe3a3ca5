/**
 * Everything a chaos run owns, on 127.0.0.1 in one temporary directory: its own Temporal dev server (a
 * SQLite file, so a restart on the same port keeps every workflow), its own FerretDB (a data directory,
 * same), the Arlo simulator in process, and the worker and the receiver as supervised child processes
 * running the compiled entry points (dist/), exactly as in production. close() removes all of it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { childProcessEnv, loadConfig, type Config } from '../config';
import { startFerretDbServer, type FerretDbServer } from '../devstack/ferretdb-server';
import { findFreePort } from '../devstack/free-port';
import { startTemporalDevServer, type TemporalDevServer } from '../devstack/temporal-dev-server';
import { ensureFerretDb, ensureTemporalCli } from '../devstack/tools';
import { PROJECT_ROOT } from '../project-root';
import { startSimulator, type RunningSimulator } from '../simulator';
import { superviseChild, type SupervisedChild } from './supervised-child';

export interface ChaosStackOptions {
  readonly seed: number;
  readonly toolsDir: string;
  readonly log: (line: string) => void;
  /** The compiled entry points the children run (default: dist/ of this checkout). */
  readonly entryPoints?: { readonly worker: string; readonly receiver: string };
  /** Where the worker's and the receiver's output is appended (worker.log, receiver.log); absent: nowhere. */
  readonly logsDir?: string;
}

export interface ChaosStack {
  readonly sim: RunningSimulator;
  /** The configuration the children run with (for the run's own Temporal and MongoDB clients). */
  readonly config: Config;
  readonly receiverUrl: string;
  readonly pushToken: string;
  readonly worker: SupervisedChild;
  readonly receiver: SupervisedChild;
  /** Stops the Temporal dev server, waits `downMs`, starts it again on the same port and database. */
  restartTemporal(downMs: number): Promise<void>;
  /** The same for FerretDB (same port, same data directory). */
  restartMongo(downMs: number): Promise<void>;
  waitForReceiver(timeoutMs?: number): Promise<void>;
  unexpectedExits(): number;
  close(): Promise<void>;
}

const NAMESPACE = 'default';

export async function startChaosStack(options: ChaosStackOptions): Promise<ChaosStack> {
  const dir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-chaos-'));
  const closers: Array<() => Promise<void>> = [() => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne().catch(() => undefined);
  };
  try {
    const [temporalBinary, ferretBinary] = await Promise.all([
      ensureTemporalCli(options.toolsDir, options.log),
      ensureFerretDb(options.toolsDir, options.log),
    ]);
    const temporalPort = await findFreePort();
    const mongoPort = await findFreePort();
    const receiverPort = await findFreePort();
    const dbFile = path.join(dir, 'temporal.sqlite');
    const dataDir = path.join(dir, 'ferretdb');
    await mkdir(dataDir);

    const startTemporal = () =>
      startTemporalDevServer({ binary: temporalBinary, port: temporalPort, dbFile, namespace: NAMESPACE });
    const startMongo = () => startFerretDbServer({ binary: ferretBinary, dataDir, port: mongoPort });
    let temporal: TemporalDevServer | undefined = await startTemporal();
    closers.push(() => temporal?.stop() ?? Promise.resolve());
    let mongo: FerretDbServer | undefined = await startMongo();
    closers.push(() => mongo?.stop() ?? Promise.resolve());

    const sim = await startSimulator({
      platform: 'chaos.arlo.test',
      seed: options.seed,
      // 429s carry Retry-After: 1, so a burst costs seconds, not the minute of a real budget breach.
      knobs: { rateLimit: { requestsPerMinute: 1_000_000, retryAfterSeconds: 1 } },
      onError: (error) => options.log(`simulator error: ${String(error)}`),
    });
    closers.push(() => sim.close());

    const webhookKey = randomBytes(24).toString('base64');
    const pushToken = randomBytes(24).toString('hex');
    const overrides: Record<string, string> = {
      LOG_LEVEL: 'warn',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      MONGODB_URI: mongo.uri,
      MONGODB_DATABASE: 'arlo_sync_chaos',
      ARLO_BASE_URL: sim.baseUrl,
      ARLO_PLATFORM: sim.platform,
      ARLO_USERNAME: sim.credentials.username,
      ARLO_PASSWORD: sim.credentials.password,
      ARLO_WEBHOOK_KEYS: webhookKey,
      RECEIVER_HOST: '127.0.0.1',
      RECEIVER_PORT: String(receiverPort),
      PUSH_TOKENS: pushToken,
      ARLO_SYNC_TASK_QUEUE: 'arlo-sync-chaos',
      ARLO_SYNC_ARLO_TASK_QUEUE: 'arlo-sync-chaos-arlo-api',
    };
    const env = childProcessEnv(overrides);
    const config = loadConfig(env);
    const entries = options.entryPoints ?? {
      worker: path.join(PROJECT_ROOT, 'dist', 'src', 'worker.js'),
      receiver: path.join(PROJECT_ROOT, 'dist', 'src', 'server.js'),
    };
    const onUnexpectedExit = (name: string, code: number | null, tail: string) =>
      options.log(`${name} exited by itself (code ${code}); restarting it.${tail ? `\n${tail}` : ''}`);
    const logFile = (name: string) =>
      options.logsDir === undefined ? undefined : path.join(options.logsDir, `${name}.log`);
    const worker = superviseChild('worker', entries.worker, env, onUnexpectedExit, logFile('worker'));
    const receiver = superviseChild('receiver', entries.receiver, env, onUnexpectedExit, logFile('receiver'));
    closers.push(
      () => worker.close(),
      () => receiver.close(),
    );
    receiver.start();
    worker.start();

    const receiverUrl = `http://127.0.0.1:${receiverPort}`;
    const stack: ChaosStack = {
      sim,
      config,
      receiverUrl,
      pushToken,
      worker,
      receiver,
      async restartTemporal(downMs) {
        await temporal?.stop();
        temporal = undefined;
        await delay(downMs);
        temporal = await startTemporal();
      },
      async restartMongo(downMs) {
        await mongo?.stop();
        mongo = undefined;
        await delay(downMs);
        mongo = await startMongo();
      },
      async waitForReceiver(timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          const ok = await fetch(`${receiverUrl}/healthz`).then(
            (response) => response.ok,
            () => false,
          );
          if (ok) return;
          await delay(250);
        }
        throw new Error(`the receiver did not answer within ${timeoutMs} ms:\n${receiver.stderrTail()}`);
      },
      unexpectedExits: () => worker.unexpectedExits() + receiver.unexpectedExits(),
      close,
    };
    await stack.waitForReceiver();
    await sim.control.registerWebhookEndpoint({
      name: 'arlo-sync chaos',
      url: `${receiverUrl}${config.receiver.webhookPath}`,
      key: webhookKey,
    });
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}
