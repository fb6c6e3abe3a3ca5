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
  type WorkflowBundleWithSourceMap,
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

/** Bundles a benchmark's workflow module once, for the workers of several task queues to share. */
export function bundleBenchWorkflows(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}

export async function runBenchWorker(options: {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  /** The workflow module, e.g. `require.resolve('./floor-workflow')`, or its bundle already made. */
  readonly workflows: string | WorkflowBundleWithSourceMap;
  readonly activities: object;
  readonly limits?: BenchWorkerLimits;
}): Promise<BenchWorker> {
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle:
      typeof options.workflows === 'string'
        ? await bundleBenchWorkflows(options.workflows)
        : options.workflows,
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
