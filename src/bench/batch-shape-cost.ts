/**
 * Benchmark: what a PlatformEvents batch's own workflow costs, against the alternative of letting the
 * batch's first event workflow schedule the fetch activity itself (ARCHITECTURE.md, "Why the batch has
 * a workflow of its own"). CPU milliseconds per execution of each shape, in the Temporal dev server and
 * in this process (client and worker), the three shapes taking turns in each round on one server:
 *
 *   - the batch workflow: started, one activity, completed (and its result awaited, as the coalescer
 *     does when the activity runs in another process);
 *   - an event workflow: one local activity;
 *   - a leader event workflow: its local activity, then the batch's activity.
 *
 * The batch workflow's cost, less what the leader adds to an event workflow, is what the alternative
 * would save per batch. CPU time, unlike latency, hardly depends on what else the machine runs.
 *
 *   npm run build && node dist/src/bench/batch-shape-cost.js [rounds] [executions]   (default 4, 200)
 *
 * Linux only (reads the server's CPU time from /proc).
 */
import { loadavg } from 'node:os';

import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';

import { loadConfig } from '../config';
import { startTemporalDevServer } from '../devstack/temporal-dev-server';
import { ensureTemporalCli } from '../devstack/tools';
import type * as shapes from './batch-shape-workflows';
import { runBenchWorker } from './bench-worker';
import { describeMachine, formatMachine } from './machine';
import { cpuMillisecondsOf } from './process-cpu';
import { formatResult, roundTo, type BenchmarkResult } from './report';
import { wholeNumberArgument } from './script-arguments';

type Shape = keyof typeof shapes;
const SHAPES: readonly Shape[] = ['batchWorkflowShape', 'eventWorkflowShape', 'leaderEventWorkflowShape'];
/** Executions in flight at once. */
const IN_FLIGHT = 20;
/** After a round, for the server's visibility and history work to finish. */
const SETTLE_MS = 1_500;
const TASK_QUEUE = 'batch-shape-cost';
/** Events a batch carried at saturation in `bench --only pull-floor` (README), and a 10-event callback. */
const EVENTS_PER_BATCH = [19, 10] as const;

interface Cost {
  server: number;
  process: number;
}

export async function benchBatchShapeCost(rounds: number, executions: number): Promise<BenchmarkResult> {
  const config = loadConfig();
  const binary = await ensureTemporalCli(config.toolsDir, () => undefined);
  const server = await startTemporalDevServer({ binary, namespace: config.temporal.namespace });
  const serverPid = server.process.child.pid ?? -1;
  const stops: (() => Promise<void>)[] = [() => server.stop()];
  try {
    const connection = await NativeConnection.connect({ address: server.address });
    stops.unshift(() => connection.close());
    const worker = await runBenchWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: TASK_QUEUE,
      workflows: require.resolve('./batch-shape-workflows'),
      activities: {
        fetchBatch: (n: number) => Promise.resolve(n),
        joinBatch: (n: number) => Promise.resolve(n),
      },
    });
    stops.unshift(() => worker.stop());
    const clientConnection = await Connection.connect({ address: server.address });
    stops.unshift(() => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });

    let next = 0;
    const runAll = async (shape: Shape) => {
      let started = 0;
      const runner = async () => {
        while (started < executions) {
          started += 1;
          const handle = await client.workflow.start(shape, {
            workflowId: `${shape}-${next++}`,
            taskQueue: TASK_QUEUE,
            args: [1],
          });
          await handle.result();
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, runner));
    };
    for (const shape of SHAPES) await runAll(shape); // warm-up, uncounted
    const loadBefore = loadavg()[0] ?? Number.NaN;
    const costs = new Map<Shape, Cost>(SHAPES.map((shape) => [shape, { server: 0, process: 0 }]));
    for (let round = 0; round < rounds; round++) {
      for (const shape of SHAPES) {
        const serverBefore = cpuMillisecondsOf(serverPid) ?? Number.NaN;
        const processBefore = process.cpuUsage();
        await runAll(shape);
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const used = process.cpuUsage(processBefore);
        const cost = costs.get(shape) as Cost;
        cost.server += ((cpuMillisecondsOf(serverPid) ?? Number.NaN) - serverBefore) / executions / rounds;
        cost.process += (used.user + used.system) / 1000 / executions / rounds;
      }
    }
    const total = (shape: Shape) => {
      const cost = costs.get(shape) as Cost;
      return cost.server + cost.process;
    };
    const leaderAdds = total('leaderEventWorkflowShape') - total('eventWorkflowShape');
    const saved = total('batchWorkflowShape') - leaderAdds;
    return {
      benchmark: 'batch-shape-cost',
      description: `CPU per workflow execution by shape, ${rounds} rounds of ${executions} each in turn`,
      figures: [
        ...SHAPES.flatMap((shape) => [
          {
            name: `${shape}: Temporal server`,
            value: roundTo(costs.get(shape)?.server ?? Number.NaN, 2),
            unit: 'ms',
          },
          {
            name: `${shape}: client and worker`,
            value: roundTo(costs.get(shape)?.process ?? Number.NaN, 2),
            unit: 'ms',
          },
        ]),
        {
          name: 'a batch workflow, all processes',
          value: roundTo(total('batchWorkflowShape'), 2),
          unit: 'ms',
        },
        { name: 'what a leader adds to an event workflow', value: roundTo(leaderAdds, 2), unit: 'ms' },
        { name: 'saved per batch by a leader instead', value: roundTo(saved, 2), unit: 'ms' },
        ...EVENTS_PER_BATCH.map((events) => ({
          name: `saved per event at ${events} events a batch`,
          value: roundTo(saved / events, 2),
          unit: 'ms',
        })),
        {
          name: `saved per event ÷ an event workflow, ${EVENTS_PER_BATCH[0]} events a batch`,
          value: roundTo(saved / EVENTS_PER_BATCH[0] / total('eventWorkflowShape'), 2),
          unit: '',
        },
      ],
      notes: [`load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? Number.NaN).toFixed(1)}`],
    };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const rounds = wholeNumberArgument('rounds', 2, 4, 50);
  const executions = wholeNumberArgument('executions', 3, 200, 5_000);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  process.stdout.write(`machine: ${formatMachine(describeMachine())}\n`);
  process.stdout.write(`${formatResult(await benchBatchShapeCost(rounds, executions))}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `bench batch-shape-cost: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
