/**
 * What one `processArloEvent` start costs, in CPU, on each side: the Node client (gRPC, protobuf,
 * payload and search-attribute encoding) and the embedded Temporal dev server. CPU time, unlike
 * latency, hardly depends on what else the machine runs, so it tells which start rates a machine can
 * carry at all: the receiver needs (client + server CPU per start) × events per second.
 *
 *   npm run build && node dist/src/bench/temporal-start-cost.js [--batches 60] [--batch-size 10]
 *
 * Linux only (reads the server's CPU time from /proc).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import { loadConfig } from '../config';
import { startTemporalDevServer } from '../devstack/temporal-dev-server';
import { ensureTemporalCli } from '../devstack/tools';
import { processEventStartOptions } from '../temporal/process-event-start';
import { connectClient, temporalTarget } from '../temporal/connection';
import { roundTo } from './report';

export interface StartCostResult {
  readonly starts: number;
  readonly startsPerSecond: number;
  readonly clientCpuMsPerStart: number;
  readonly serverCpuMsPerStart: number;
  readonly batchMeanMs: number;
  readonly loadAverage: number;
}

/** utime + stime of a process, ms (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function benchTemporalStartCost(batches: number, batchSize: number): Promise<StartCostResult> {
  const config = loadConfig();
  const binary = await ensureTemporalCli(config.toolsDir, () => undefined);
  const server = await startTemporalDevServer({ binary, namespace: config.temporal.namespace });
  const serverPid = server.process.child.pid;
  if (serverPid === undefined) throw new Error('the Temporal dev server has no process ID');
  const client = await connectClient(temporalTarget(config, server.address));
  let next = 2n ** 60n;
  const start = () =>
    client.workflow.start(
      'syncArloEvent',
      processEventStartOptions('start-cost', {
        platform: 'bench.arlo.co',
        event: {
          id: (next++).toString(),
          dateTime: '2023-07-18T00:02:55.7577072Z',
          type: 'Contact.Updated',
          resourceType: 'Contact',
          resourceId: '10987',
        },
        receivedAt: new Date().toISOString(),
      }),
    );
  try {
    for (let i = 0; i < 50; i++) await start(); // warm-up
    const clientBefore = process.cpuUsage();
    const serverBefore = processCpuMs(serverPid);
    const started = performance.now();
    for (let i = 0; i < batches; i++) await Promise.all(Array.from({ length: batchSize }, start));
    const wallMs = performance.now() - started;
    const clientCpu = process.cpuUsage(clientBefore);
    const serverCpuMs = processCpuMs(serverPid) - serverBefore;
    const starts = batches * batchSize;
    return {
      starts,
      startsPerSecond: Math.round((starts / wallMs) * 1000),
      clientCpuMsPerStart: roundTo((clientCpu.user + clientCpu.system) / 1000 / starts, 2),
      serverCpuMsPerStart: roundTo(serverCpuMs / starts, 2),
      batchMeanMs: roundTo(wallMs / batches, 2),
      loadAverage: roundTo(loadavg()[0] ?? Number.NaN, 2),
    };
  } finally {
    await client.connection.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { batches: { type: 'string' }, 'batch-size': { type: 'string' } },
  });
  const batches = Number(values.batches ?? 60);
  const batchSize = Number(values['batch-size'] ?? 10);
  if (!(batches > 0 && batchSize > 0)) throw new Error('--batches and --batch-size must be positive');
  const r = await benchTemporalStartCost(batches, batchSize);
  process.stdout.write(
    `Temporal start cost (${r.starts} starts in batches of ${batchSize}, embedded dev server, ` +
      `load average ${r.loadAverage})\n` +
      `  client CPU ${r.clientCpuMsPerStart} ms/start, server CPU ${r.serverCpuMsPerStart} ms/start\n` +
      `  ${r.startsPerSecond} starts/s, ${r.batchMeanMs} ms per batch\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `start-cost benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
