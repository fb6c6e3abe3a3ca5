/**
 * Everything a chaos run owns, on 127.0.0.1 in one temporary directory: the servers of its lane
 * (chaos-servers.ts: the embedded dev server and FerretDB, or the production lane's Temporal server and
 * FerretDB on PostgreSQL), the Arlo simulator in process, and the workers and receivers as supervised
 * child processes running the compiled entry points (dist/), exactly as in production. With more than one
 * receiver, a round-robin proxy in front of them stands in for the load balancer: Arlo's callbacks and
 * the external system's pushes reach every receiver. close() removes all of it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { childProcessEnv, loadConfig, type Config } from '../config';
import { findFreePort } from '../devstack/free-port';
import { PROJECT_ROOT } from '../project-root';
import { startSimulator, type RunningSimulator } from '../simulator';
import type { ChaosLane } from './chaos-options';
import { startChaosServers, type ChaosServers } from './chaos-servers';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';
import { superviseChild, type SupervisedChild } from './supervised-child';

export interface ChaosStackOptions {
  readonly seed: number;
  readonly toolsDir: string;
  readonly log: (line: string) => void;
  /** Default: the embedded lane, one worker, one receiver. */
  readonly lane?: ChaosLane;
  /**
   * Servers of that lane already running, to use instead of starting a set (left running by close()):
   * the production-lane benchmark runs several stacks on one lane. Their namespace must be `default`.
   */
  readonly servers?: ChaosServers;
  /** The simulated platform's name (default chaos.arlo.test); stacks sharing servers need their own. */
  readonly platform?: string;
  readonly workers?: number;
  readonly receivers?: number;
  /** The Arlo budget the simulator enforces (429 beyond it); absent: practically none. */
  readonly arloRequestsPerMinute?: number;
  /** Extra variables for the workers and receivers (benchmarks lift the Arlo budget with them). */
  readonly childEnv?: Readonly<Record<string, string>>;
  /** The compiled entry points the children run (default: dist/ of this checkout). */
  readonly entryPoints?: { readonly worker: string; readonly receiver: string };
  /** Where the children's output is appended (worker-1.log, receiver-1.log, ...); absent: nowhere. */
  readonly logsDir?: string;
}

export interface ChaosStack {
  readonly lane: ChaosLane;
  readonly sim: RunningSimulator;
  /** The configuration the children run with (for the run's own Temporal and MongoDB clients). */
  readonly config: Config;
  /** Where Arlo and the external system send requests: the receiver, or the proxy before several. */
  readonly receiverUrl: string;
  readonly pushToken: string;
  readonly workers: readonly SupervisedChild[];
  readonly receivers: readonly SupervisedChild[];
  /** Each worker's `/metrics` URL, in the order of `workers`. */
  readonly workerMetricsUrls: readonly string[];
  /** Requests the proxy passed to each receiver (in the order of `receivers`); absent with one receiver. */
  readonly proxy?: RoundRobinProxy;
  /** Stops the Temporal server, waits `downMs`, starts it again on the same port and database. */
  restartTemporal(downMs: number): Promise<void>;
  /** The same for the MongoDB-protocol server (same port, same data). */
  restartMongo(downMs: number): Promise<void>;
  /** The production lane only: PostgreSQL under both. */
  readonly restartPostgres?: (downMs: number) => Promise<void>;
  /** Waits until every receiver answers its health check. */
  waitForReceivers(timeoutMs?: number): Promise<void>;
  unexpectedExits(): number;
  close(): Promise<void>;
}

const NAMESPACE = 'default';

export async function startChaosStack(options: ChaosStackOptions): Promise<ChaosStack> {
  const lane = options.lane ?? 'embedded';
  const dir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-chaos-'));
  const closers: Array<() => Promise<void>> = [() => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne().catch(() => undefined);
  };
  try {
    let servers = options.servers;
    if (!servers) {
      const started = await startChaosServers({
        lane,
        namespace: NAMESPACE,
        toolsDir: options.toolsDir,
        dir,
        log: options.log,
        ...(options.logsDir !== undefined ? { logsDir: options.logsDir } : {}),
      });
      closers.push(() => started.close());
      servers = started;
    }

    const sim = await startSimulator({
      platform: options.platform ?? 'chaos.arlo.test',
      seed: options.seed,
      // 429s carry Retry-After: 1, so a burst costs seconds, not the minute of a real budget breach.
      knobs: {
        rateLimit: { requestsPerMinute: options.arloRequestsPerMinute ?? 1_000_000, retryAfterSeconds: 1 },
      },
      onError: (error) => options.log(`simulator error: ${String(error)}`),
    });
    closers.push(() => sim.close());

    const webhookKey = randomBytes(24).toString('base64');
    const pushToken = randomBytes(24).toString('hex');
    const shared: Record<string, string> = {
      LOG_LEVEL: 'warn',
      TEMPORAL_ADDRESS: servers.temporalAddress,
      TEMPORAL_NAMESPACE: NAMESPACE,
      MONGODB_URI: servers.mongoUri,
      MONGODB_DATABASE: 'arlo_sync_chaos',
      ARLO_BASE_URL: sim.baseUrl,
      ARLO_PLATFORM: sim.platform,
      ARLO_USERNAME: sim.credentials.username,
      ARLO_PASSWORD: sim.credentials.password,
      ARLO_WEBHOOK_KEYS: webhookKey,
      RECEIVER_HOST: '127.0.0.1',
      PUSH_TOKENS: pushToken,
      ARLO_SYNC_TASK_QUEUE: 'arlo-sync-chaos',
      ARLO_SYNC_ARLO_TASK_QUEUE: 'arlo-sync-chaos-arlo-api',
      ...options.childEnv,
    };
    const receiverPorts = await freePorts(options.receivers ?? 1);
    const metricsPorts = await freePorts(options.workers ?? 1);
    const config = loadConfig(childProcessEnv({ ...shared, RECEIVER_PORT: String(receiverPorts[0]) }));
    const entries = options.entryPoints ?? {
      worker: path.join(PROJECT_ROOT, 'dist', 'src', 'worker.js'),
      receiver: path.join(PROJECT_ROOT, 'dist', 'src', 'server.js'),
    };
    const onUnexpectedExit = (name: string, code: number | null, tail: string) =>
      options.log(`${name} exited by itself (code ${code}); restarting it.${tail ? `\n${tail}` : ''}`);
    const child = (name: string, entry: string, env: Record<string, string>) => {
      const logFile = options.logsDir === undefined ? undefined : path.join(options.logsDir, `${name}.log`);
      return superviseChild(name, entry, childProcessEnv({ ...shared, ...env }), onUnexpectedExit, logFile);
    };
    const receivers = receiverPorts.map((port, i) =>
      child(`receiver-${i + 1}`, entries.receiver, { RECEIVER_PORT: String(port) }),
    );
    const workers = metricsPorts.map((port, i) =>
      child(`worker-${i + 1}`, entries.worker, { WORKER_METRICS_PORT: String(port) }),
    );
    closers.push(...[...workers, ...receivers].map((c) => () => c.close()));
    for (const c of [...receivers, ...workers]) c.start();

    const receiverUrls = receiverPorts.map((port) => `http://127.0.0.1:${port}`);
    let proxy: RoundRobinProxy | undefined;
    if (receiverUrls.length > 1) {
      proxy = await startRoundRobinProxy(receiverUrls);
      closers.push(() => proxy?.close() ?? Promise.resolve());
    }
    const [firstReceiverUrl] = receiverUrls;
    if (firstReceiverUrl === undefined) throw new Error('a chaos stack needs at least one receiver');
    const receiverUrl = proxy?.url ?? firstReceiverUrl;
    const stack: ChaosStack = {
      lane,
      sim,
      config,
      receiverUrl,
      pushToken,
      workers,
      receivers,
      workerMetricsUrls: metricsPorts.map((port) => `http://127.0.0.1:${port}/metrics`),
      ...(proxy ? { proxy } : {}),
      restartTemporal: (downMs) => servers.restartTemporal(downMs),
      restartMongo: (downMs) => servers.restartMongo(downMs),
      ...(servers.restartPostgres ? { restartPostgres: servers.restartPostgres } : {}),
      async waitForReceivers(timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        for (const [i, url] of receiverUrls.entries()) {
          while (!(await answersHealth(url))) {
            if (Date.now() > deadline) {
              const receiver = receivers[i];
              throw new Error(
                `${receiver?.name ?? url} did not answer within ${timeoutMs} ms:\n${receiver?.stderrTail() ?? ''}`,
              );
            }
            await delay(250);
          }
        }
      },
      unexpectedExits: () => [...workers, ...receivers].reduce((sum, c) => sum + c.unexpectedExits(), 0),
      close,
    };
    await stack.waitForReceivers();
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

async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await findFreePort());
  return ports;
}

function answersHealth(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
}
