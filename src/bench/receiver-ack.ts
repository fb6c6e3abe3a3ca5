/**
 * Benchmark: how fast the receiver acknowledges Arlo callbacks under a steady load. autocannon sends
 * signed 10-event callbacks with fresh event IDs at a fixed rate (coordinated omission corrected) to
 * the real app on 127.0.0.1, which starts every event's workflow on a real Temporal server (the
 * embedded dev server in ephemeral mode, or TEMPORAL_ADDRESS). Target: p99 ≤ 100 ms at 50 callbacks/s.
 *
 *   npm run build && node dist/src/bench/receiver-ack.js [--rate 50] [--duration 20] [--events 10]
 *     [--connections 10] [--stub-temporal]
 *
 * `--stub-temporal` confirms every start at once instead: the receiver's own cost, without Temporal's.
 *
 * The load generator runs in the receiver's process, so its own work is inside the measured latency:
 * the figures are an upper bound for the receiver alone.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import autocannon from 'autocannon';
import { Registry } from 'prom-client';

import { loadConfig, type Config } from '../config';
import type { ArloEvent } from '../domain/arlo-event';
import { createApp } from '../http/app';
import { closeServer, createHttpServer, listenOn } from '../http/http-server';
import { computeArloSignature } from '../http/webhook-signature';
import { createLogger } from '../logger';
import { realTemporal, stubTemporal } from './bench-temporal';

export interface ReceiverAckBenchOptions {
  /** Callbacks per second, held steady. */
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  readonly eventsPerCallback: number;
  /** Concurrent HTTP connections (Arlo may deliver several callbacks at once). */
  readonly connections: number;
  /** Confirm every start at once instead of calling Temporal: the receiver's own cost. */
  readonly stubTemporal?: boolean;
  readonly log?: (line: string) => void;
}

export interface ReceiverAckBenchResult {
  readonly options: Omit<ReceiverAckBenchOptions, 'log'>;
  readonly callbacks: number;
  readonly achievedRatePerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Client-side acknowledgement latency, ms (autocannon's 1 ms resolution). */
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly p99_9: number;
    readonly max: number;
    readonly mean: number;
  };
  /** Median of the warm-up callbacks, sent one at a time on an idle receiver. */
  readonly warmUpMedianMs: number;
  /** CPU time of this process (receiver AND load generator) per callback during the run. */
  readonly cpuMsPerCallback: number;
  /** Workflows Temporal holds on the benchmark's task queue afterwards; expected: every event sent. */
  readonly workflowsStarted: number;
  readonly eventsSent: number;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly node: string;
    /** 1-minute load average before and after the run: other work on the machine skews the figures. */
    readonly loadAverage: readonly [number, number];
  };
  readonly temporal: string;
}

export const DEFAULT_BENCH_OPTIONS: Omit<ReceiverAckBenchOptions, 'log'> = {
  ratePerSecond: 50,
  durationSeconds: 20,
  eventsPerCallback: 10,
  connections: 10,
};

const PLATFORM = 'bench.arlo.co';
const WARM_UP_CALLBACKS = 20;

/** Fresh, increasing IDs above 2^53 from a random base, so runs against one server never collide. */
function eventIdSource(): () => string {
  let next = 2n ** 60n + BigInt(`0x${randomBytes(4).toString('hex')}`) * 1_000_000n;
  return () => (next++).toString();
}

function callbackBody(nextId: () => string, events: number): string {
  const list: ArloEvent[] = Array.from({ length: events }, (_, i) => ({
    id: nextId(),
    dateTime: new Date().toISOString().replace('Z', '1234Z'),
    type: i % 2 === 0 ? 'Contact.Updated' : 'Registration.Created',
    resourceType: i % 2 === 0 ? 'Contact' : 'Registration',
    resourceId: String(10_000 + i),
  }));
  return JSON.stringify({ events: list });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function benchConfig(base: Config, keyBase64: string, taskQueue: string): Config {
  return {
    ...base,
    temporal: { ...base.temporal, taskQueue },
    receiver: { ...base.receiver, host: '127.0.0.1', port: 0 },
    platforms: [
      {
        name: PLATFORM,
        baseUrl: `https://${PLATFORM}/api/2012-02-01/auth/resources/`,
        credentials: { kind: 'basic', username: 'bench', password: 'bench' },
        webhookKeys: [keyBase64],
        vendorId: 'arlo-sync',
      },
    ],
  };
}

export async function benchReceiverAck(
  options: ReceiverAckBenchOptions = DEFAULT_BENCH_OPTIONS,
): Promise<ReceiverAckBenchResult> {
  const log = options.log ?? (() => undefined);
  const base = loadConfig();
  const temporal = options.stubTemporal ? stubTemporal() : await realTemporal(base, log);
  const keyBytes = randomBytes(32);
  const taskQueue = `bench-receiver-${randomUUID().slice(0, 8)}`;
  const config = benchConfig(base, keyBytes.toString('base64'), taskQueue);
  const app = createApp({
    config,
    temporal: temporal.client,
    readiness: { check: () => Promise.resolve({ ready: true, dependencies: {} }) },
    logger: createLogger('error', 'bench-receiver'),
    registry: new Registry(),
  });
  const handle = app.callback();
  // The receiver's own server and limits (src/server.ts does the same).
  const server = createHttpServer((request, response) => void handle(request, response));
  const url = `${await listenOn(server, '127.0.0.1', 0, 'a free port')}${config.receiver.webhookPath}`;
  const nextId = eventIdSource();
  let callbacksBuilt = 0;
  const signedRequest = () => {
    callbacksBuilt += 1;
    const body = callbackBody(nextId, options.eventsPerCallback);
    return {
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-arlo-platform': PLATFORM,
        'x-arlo-signature': computeArloSignature(Buffer.from(body), keyBytes),
      },
    };
  };

  try {
    log(`warming up with ${WARM_UP_CALLBACKS} callbacks, one at a time`);
    const warmUpMs: number[] = [];
    for (let i = 0; i < WARM_UP_CALLBACKS; i++) {
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', ...signedRequest() });
      warmUpMs.push(performance.now() - started);
      if (response.status !== 200) {
        throw new Error(`warm-up callback answered ${response.status}: ${await response.text()}`);
      }
    }

    log(
      `sending ${options.ratePerSecond} callbacks/s of ${options.eventsPerCallback} events ` +
        `for ${options.durationSeconds} s over ${options.connections} connections`,
    );
    const loadBefore = loadavg()[0] ?? Number.NaN;
    const cpuBefore = process.cpuUsage();
    const result = await autocannon({
      url,
      method: 'POST',
      connections: options.connections,
      overallRate: options.ratePerSecond,
      duration: options.durationSeconds,
      // Arlo's own limit: an answer after 5 s counts as failed.
      timeout: 5,
      requests: [{ setupRequest: (request) => ({ ...request, method: 'POST', ...signedRequest() }) }],
    });

    const cpu = process.cpuUsage(cpuBefore);
    const callbacks = result.requests.total;
    // Every callback built was sent, answered or not (autocannon counts only completed ones).
    const eventsSent = callbacksBuilt * options.eventsPerCallback;
    log('counting started workflows');
    const workflowsStarted = await temporal.countWorkflows(taskQueue, eventsSent);
    const cpuList = cpus();
    return {
      options: {
        ratePerSecond: options.ratePerSecond,
        durationSeconds: options.durationSeconds,
        eventsPerCallback: options.eventsPerCallback,
        connections: options.connections,
      },
      callbacks,
      achievedRatePerSecond: Math.round((callbacks / result.duration) * 10) / 10,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        p99_9: result.latency.p99_9,
        max: result.latency.max,
        mean: Math.round(result.latency.mean * 100) / 100,
      },
      workflowsStarted,
      eventsSent,
      warmUpMedianMs: Math.round(median(warmUpMs) * 10) / 10,
      cpuMsPerCallback: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(callbacks, 1)) * 100) / 100,
      machine: {
        cpu: cpuList[0]?.model ?? 'unknown',
        cores: cpuList.length,
        node: process.version,
        loadAverage: [loadBefore, loadavg()[0] ?? Number.NaN],
      },
      temporal: temporal.label,
    };
  } finally {
    await closeServer(server);
    await temporal.close(taskQueue);
  }
}

export function formatBenchResult(result: ReceiverAckBenchResult): string {
  const { latencyMs: l, options: o } = result;
  return [
    `Receiver acknowledgement latency (${o.eventsPerCallback}-event signed callbacks, ${o.ratePerSecond}/s ` +
      `for ${o.durationSeconds} s, ${o.connections} connections, Temporal: ${result.temporal})`,
    `  callbacks   ${result.callbacks} (${result.achievedRatePerSecond}/s achieved)`,
    `  latency ms  p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  p99.9 ${l.p99_9}  max ${l.max}  mean ${l.mean}`,
    `  unloaded    ${result.warmUpMedianMs} ms median for one callback at a time (warm-up)`,
    `  cpu         ${result.cpuMsPerCallback} ms per callback (receiver and load generator together)`,
    `  failures    non-2xx ${result.non2xx}  errors ${result.errors}  timeouts ${result.timeouts}`,
    `  workflows   ${result.workflowsStarted} on the benchmark queue for ${result.eventsSent} events sent ` +
      `(warm-up included)`,
    `  target      p99 ≤ 100 ms: ${l.p99 <= 100 && result.non2xx === 0 && result.errors === 0 ? 'met' : 'NOT met'}`,
    `  machine     ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}, ` +
      `load average ${result.machine.loadAverage.map((l) => l.toFixed(1)).join(' → ')}`,
  ].join('\n');
}

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string' },
      duration: { type: 'string' },
      events: { type: 'string' },
      connections: { type: 'string' },
      'stub-temporal': { type: 'boolean' },
    },
  });
  const d = DEFAULT_BENCH_OPTIONS;
  const result = await benchReceiverAck({
    ratePerSecond: positive(values.rate, 'rate', d.ratePerSecond),
    durationSeconds: positive(values.duration, 'duration', d.durationSeconds),
    eventsPerCallback: positive(values.events, 'events', d.eventsPerCallback),
    connections: positive(values.connections, 'connections', d.connections),
    stubTemporal: values['stub-temporal'] ?? false,
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
  });
  process.stdout.write(`${formatBenchResult(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `receiver benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
