/**
 * The budget floor of the pull path, for `bench --only pull-floor`: the least Temporal work a design can
 * do that keeps the Arlo budget in the Temporal server's hands. Each event's workflow (the real
 * per-event workflow's type name, on a task queue of its own, so the real receiver starts it with the
 * same ID policies and search attributes) joins a batch in one local activity; each batch is a workflow
 * of the real batch workflow's type name whose one activity runs on a queue with the Arlo queue's rate
 * limit. No Arlo request, no store, no search-attribute upsert: what the pull path costs beyond this is
 * its own work, and what this costs beyond the floor (./floor-workflow.ts) is what the budget costs.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';

import type { CoalescedFetchRequest } from '../domain/event-fetch-coalescer';
import type { ProcessArloEventInput } from '../domain/process-event-input';

export interface BudgetFloorActivities {
  /** An event's local activity: waits until the batch it joined has been answered. */
  joinBatch(request: CoalescedFetchRequest): Promise<void>;
  /** The batch's activity, on the rate-limited queue: answers the batch's events. */
  answerBatch(batchId: string): Promise<void>;
}

const { joinBatch } = proxyLocalActivities<BudgetFloorActivities>({ startToCloseTimeout: '1 minute' });
const { answerBatch } = proxyActivities<BudgetFloorActivities>({ startToCloseTimeout: '1 minute' });

export async function syncArloEvent({ event, callback }: ProcessArloEventInput): Promise<string> {
  await joinBatch({
    eventId: event.id,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    ...(callback === undefined ? {} : { callback }),
  });
  return event.id;
}

/** Runs on the rate-limited batch queue; its activity stands in for the batch's one Arlo query. */
export async function fetchPlatformEventBatch(batchId: string): Promise<void> {
  await answerBatch(batchId);
}
