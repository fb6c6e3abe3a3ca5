/** Prints the summary line of ./stack-summary.ts every few seconds while `arlo-sync up` runs. */
import type { Client } from '@temporalio/client';

import { BULK_WALK_WORKFLOW_TYPE } from '../domain/bulk-walk';
import { countsFromMetrics, describeSummary, type StackCounts } from './stack-summary';

export interface SummaryLoopOptions {
  readonly workerMetricsUrl: string | undefined;
  readonly receiverMetricsUrl: string;
  readonly temporal: Client;
  readonly intervalMs: number;
  readonly write: (line: string) => void;
}

export function startSummaryLoop(options: SummaryLoopOptions): { stop(): void } {
  let previous: StackCounts | undefined;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const current = await readCounts(options);
      if (previous !== undefined) {
        options.write(describeSummary(previous, current, Math.round(options.intervalMs / 1000)));
      }
      previous = current;
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function readCounts(options: SummaryLoopOptions): Promise<StackCounts> {
  const [worker, receiver, walks] = await Promise.all([
    options.workerMetricsUrl === undefined ? '' : scrape(options.workerMetricsUrl),
    scrape(options.receiverMetricsUrl),
    options.temporal.workflow
      .count(`WorkflowType = "${BULK_WALK_WORKFLOW_TYPE}" AND ExecutionStatus = "Running"`)
      .then(
        (result) => result.count,
        () => undefined,
      ),
  ]);
  return countsFromMetrics(worker, receiver, walks);
}

/** A process that is not answering yet (or any more) counts as zero: the summary is no health check. */
async function scrape(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : '';
  } catch {
    return '';
  }
}
