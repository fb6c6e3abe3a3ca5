/**
 * Starts the durable per-event workflow for one webhook event. The workflow ID is the business key
 * (platform + event ID), and the two ID policies make every redelivery harmless:
 *  - conflict USE_EXISTING: an execution still running for this event is returned, not duplicated;
 *  - reuse ALLOW_DUPLICATE_FAILED_ONLY: an event whose workflow failed or was terminated may run
 *    again, while one that completed answers "already started", which counts as already known.
 * https://docs.temporal.io/workflow-execution/workflowid-runid#workflow-id-reuse-policy
 */
import { WorkflowExecutionAlreadyStartedError, type WorkflowStartOptions } from '@temporalio/client';

import { PROCESS_ARLO_EVENT_WORKFLOW_TYPE, type ProcessArloEventInput } from '../domain/process-event-input';
import { workflowIds } from '../domain/workflow-ids';
import { processEventStartOptions } from '../temporal/process-event-start';
import { EVENT_START_OUTCOMES } from './receiver-metrics';

/**
 * The part of a Temporal `Client` the receiver uses; a real Client satisfies it, and a unit test can
 * pass a fake.
 */
export interface WorkflowStartClient {
  readonly workflow: {
    start(workflowType: string, options: WorkflowStartOptions): Promise<unknown>;
  };
  /**
   * Gives the gRPC calls made inside `fn` a deadline. A deadline, not an AbortSignal: the SDK's retry
   * interceptor ignores cancellation between attempts, but gives up once the deadline has passed
   * (DEADLINE_EXCEEDED is not retried), so no start outlives its callback by more than one backoff.
   */
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R>;
}

export type EventStartResult = typeof EVENT_START_OUTCOMES.started | typeof EVENT_START_OUTCOMES.alreadyKnown;

export function processEventWorkflowId(input: Pick<ProcessArloEventInput, 'platform' | 'event'>): string {
  return workflowIds.processEvent(input.platform, input.event.id);
}

/** Resolves once Temporal holds the event durably; rejects on any failure (the caller answers 503). */
export async function startProcessEventWorkflow(
  client: WorkflowStartClient,
  taskQueue: string,
  input: ProcessArloEventInput,
  deadline: number,
): Promise<EventStartResult> {
  try {
    await client.withDeadline(deadline, () =>
      client.workflow.start(PROCESS_ARLO_EVENT_WORKFLOW_TYPE, processEventStartOptions(taskQueue, input)),
    );
    return EVENT_START_OUTCOMES.started;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return EVENT_START_OUTCOMES.alreadyKnown;
    throw error;
  }
}
