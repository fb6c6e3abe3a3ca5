/**
 * The floor of a per-event workflow, for `bench --only pull-floor`: registered under the real
 * per-event workflow's type name on a task queue of its own, so the real receiver starts it with the
 * same ID policies and search attributes; it runs one local activity that does nothing, and completes.
 * Whatever the pull path costs beyond this is the cost of its own design.
 */
import { proxyLocalActivities } from '@temporalio/workflow';

import type { ProcessArloEventInput } from '../domain/process-event-input';

export interface FloorActivities {
  touchEvent(eventId: string): Promise<void>;
}

const { touchEvent } = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

export async function syncArloEvent(input: ProcessArloEventInput): Promise<string> {
  await touchEvent(input.event.id);
  return input.event.id;
}
