/**
 * How a per-event workflow is started: the workflow ID is the business key (platform + event ID) and
 * the two ID policies make every second start harmless:
 *  - conflict USE_EXISTING: an execution still running for this event is returned, not duplicated;
 *  - reuse ALLOW_DUPLICATE_FAILED_ONLY: an event whose workflow failed or was terminated may run again,
 *    while one that completed answers "already started", which counts as already known.
 * https://docs.temporal.io/workflow-execution/workflowid-runid#workflow-id-reuse-policy
 *
 * The webhook receiver (src/http/start-event-workflows.ts, inside its deadline) and the missed-event
 * catch-up (activities/start-event-workflows.ts) must start the SAME workflow for one event, so both
 * start it here.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type WorkflowStartOptions,
} from '@temporalio/client';

import { PROCESS_ARLO_EVENT_WORKFLOW_TYPE, type ProcessArloEventInput } from '../domain/process-event-input';
import { searchAttributes } from '../domain/search-attributes';
import { workflowIds } from '../domain/workflow-ids';

export function processEventStartOptions(
  taskQueue: string,
  input: ProcessArloEventInput,
): WorkflowStartOptions {
  const { platform, event } = input;
  return {
    workflowId: workflowIds.processEvent(platform, event.id),
    taskQueue,
    args: [input],
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    // So an operator finds every event about one record in the Web UI (src/domain/search-attributes.ts).
    typedSearchAttributes: [
      { key: searchAttributes.platform, value: platform },
      { key: searchAttributes.resourceType, value: event.resourceType },
      { key: searchAttributes.resourceId, value: event.resourceId },
      { key: searchAttributes.eventType, value: event.type },
      { key: searchAttributes.eventId, value: event.id },
    ],
  };
}

/** The one call a start needs of a Temporal `Client`; a real Client satisfies it, a unit test may fake it. */
export interface WorkflowStarter {
  readonly workflow: {
    start(workflowType: string, options: WorkflowStartOptions): Promise<unknown>;
  };
}

/**
 * `started`: Temporal holds a running execution (new, or one already running: USE_EXISTING);
 * `already-known`: an execution for this event completed before (a redelivery of finished work).
 */
export type ProcessEventStart = 'started' | 'already-known';

/** Resolves once Temporal holds the event durably (started now, or known from before). */
export async function startProcessEventWorkflow(
  client: WorkflowStarter,
  taskQueue: string,
  input: ProcessArloEventInput,
): Promise<ProcessEventStart> {
  try {
    await client.workflow.start(PROCESS_ARLO_EVENT_WORKFLOW_TYPE, processEventStartOptions(taskQueue, input));
    return 'started';
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already-known';
    throw error;
  }
}
