/**
 * A worker for a benchmark's own workflows (a module of workflow functions under src/bench/), bundled
 * at start and running until stopped: the pull-floor benchmark's floor and budget floor, and the
 * batch-shape benchmark.
 */
import {
  bundleWorkflowCode,
  DefaultLogger,
  type NativeConnection,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';

/** The limits a benchmark may set to match the real worker's. */
export type BenchWorkerLimits = Pick<
  WorkerOptions,
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentLocalActivityExecutions'
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxTaskQueueActivitiesPerSecond'
>;

export interface BenchWorker {
  /** Shuts the worker down and waits until it has stopped. */
  stop(): Promise<void>;
}

export async function runBenchWorker(options: {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  /** The workflow module, e.g. `require.resolve('./floor-workflow')`. */
  readonly workflowsPath: string;
  readonly activities: object;
  readonly limits?: BenchWorkerLimits;
}): Promise<BenchWorker> {
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: options.workflowsPath,
      logger: new DefaultLogger('WARN'),
    }),
    activities: options.activities,
    ...options.limits,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}
