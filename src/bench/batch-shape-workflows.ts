/**
 * Three workflow shapes for `batch-shape-cost.ts`, each reduced to its Temporal work (activities that
 * return at once), so that what differs between them is what Temporal charges for the shape.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';

export interface ShapeActivities {
  /** Stands in for the batch's PlatformEvents fetch (an activity on the rate-limited Arlo queue). */
  fetchBatch(events: number): Promise<number>;
  /** Stands in for an event workflow's one local activity. */
  joinBatch(events: number): Promise<number>;
}

const { fetchBatch } = proxyActivities<ShapeActivities>({ startToCloseTimeout: '1 minute' });
const { joinBatch } = proxyLocalActivities<ShapeActivities>({ startToCloseTimeout: '1 minute' });

/** The batch workflow as it is: started for the batch, one activity, completes. */
export async function batchWorkflowShape(events: number): Promise<number> {
  return await fetchBatch(events);
}

/** An event workflow as it is: one local activity, completes. */
export async function eventWorkflowShape(events: number): Promise<number> {
  return await joinBatch(events);
}

/** The alternative: the batch's first event workflow, which schedules the batch's activity itself. */
export async function leaderEventWorkflowShape(events: number): Promise<number> {
  await joinBatch(events);
  return await fetchBatch(events);
}
