/**
 * How many simple instance GETs per second the simulator serves, so we know it is never the bottleneck
 * when arlo-sync is measured against it (target: at least 2,000/s on a 2-core machine). Starts an
 * in-process simulator, seeds Contacts, and drives `GET contacts/{id}/` with autocannon from a worker
 * thread (so the load generator does not share the simulator's event loop).
 *
 *   npm run build && node dist/src/bench/simulator-gets.js [seconds] [connections]
 */
import os from 'node:os';

import autocannon from 'autocannon';

import { startSimulator } from '../simulator';

export interface SimulatorGetsOptions {
  readonly durationSeconds?: number;
  readonly connections?: number;
  /** Contacts seeded; the GETs cycle through all of them. */
  readonly records?: number;
  /** autocannon worker threads (0 runs the load generator on the main thread). */
  readonly workers?: number;
}

export interface SimulatorGetsResult {
  readonly requestsPerSecond: number;
  readonly totalRequests: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Answers other than 2xx (there should be none). */
  readonly non2xx: number;
  readonly durationSeconds: number;
  readonly connections: number;
}

export async function benchSimulatorGets(options: SimulatorGetsOptions = {}): Promise<SimulatorGetsResult> {
  const durationSeconds = options.durationSeconds ?? 5;
  const connections = options.connections ?? 16;
  const simulator = await startSimulator({ onError: () => undefined });
  try {
    const seeded = await simulator.control.seed({
      counts: { Organisation: 50, Contact: options.records ?? 1000 },
    });
    const basePath = new URL(simulator.baseUrl).pathname;
    const authorization = `Basic ${Buffer.from(`${simulator.credentials.username}:${simulator.credentials.password}`).toString('base64')}`;
    const result = await autocannon({
      url: simulator.baseUrl,
      connections,
      duration: durationSeconds,
      workers: options.workers ?? 1,
      headers: { authorization, accept: 'application/xml' },
      requests: (seeded.created.Contact ?? []).map((id) => ({
        method: 'GET' as const,
        path: `${basePath}contacts/${id}/`,
      })),
    });
    return {
      requestsPerSecond: Math.round(result.requests.total / result.duration),
      totalRequests: result.requests.total,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      durationSeconds: result.duration,
      connections,
    };
  } finally {
    await simulator.close();
  }
}

async function main(): Promise<void> {
  const [seconds, connections] = process.argv.slice(2).map(Number);
  const result = await benchSimulatorGets({
    ...(seconds ? { durationSeconds: seconds } : {}),
    ...(connections ? { connections } : {}),
  });
  const cpus = os.cpus();
  process.stdout.write(
    [
      'Simulator: simple instance GETs (GET contacts/{id}/)',
      `  requests/s      ${result.requestsPerSecond}`,
      `  total requests  ${result.totalRequests} in ${result.durationSeconds.toFixed(1)} s, ${result.connections} connections`,
      `  latency p50     ${result.latencyMs.p50} ms`,
      `  latency p99     ${result.latencyMs.p99} ms`,
      `  errors          ${result.errors} (non-2xx: ${result.non2xx})`,
      `  machine         ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}`,
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
