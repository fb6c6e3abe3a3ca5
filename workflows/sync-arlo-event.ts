/**
 * One Arlo webhook event, from "Arlo told us" to "the mirror has it": fetch the event's resource (with
 * the other events of the moment: one PlatformEvents query serves many), mirror it, answer an Arlo
 * user's edit of fields the external system owns (our own PATCH's echo is recognised and left alone),
 * and record the outcome in the ledger. Started by the receiver (and by catch-up) with the event ID as
 * workflow ID, so a redelivered event finds this execution instead of a new one.
 *
 * The work is one local activity: a workflow that is started, runs one workflow task and completes
 * writes 6 history events, the least a durable per-event workflow can, and a 7th for the outcome's
 * search attribute where the deployment keeps it (ARCHITECTURE.md, "The pull path").
 * A worker killed mid-way makes the workflow task time out; another worker runs it again, and every step
 * of the activity is idempotent.
 */
import {
  ApplicationFailure,
  proxyLocalActivities,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

import type { Activities } from '../activities';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { isEventId } from '../src/domain/event-id';
import type { ProcessArloEventInput } from '../src/domain/process-event-input';
import type { ProcessArloEventResult } from '../src/domain/process-event-result';
import { searchAttributes } from '../src/domain/search-attributes';

/**
 * Long enough for a batch that waits behind the Arlo queue's rate limit and retries Arlo for its 20
 * minutes (workflows/fetch-platform-event-batch.ts). A failure of the store or of Temporal (starting the
 * batch) is retried; the retry joins a batch again.
 */
const { fetchMirrorAndRecordEvent } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '25 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A run's history when its first workflow task starts: started, task scheduled, task started. */
const FIRST_TASK_HISTORY_LENGTH = 3;

/** After a worker's shutdown interrupted the work: long enough for that worker to stop polling. */
const RESUME_AFTER_SHUTDOWN = '2 seconds';

export async function syncArloEvent(input: ProcessArloEventInput): Promise<ProcessArloEventResult> {
  const { platform, event } = input;
  if (!isEventId(event.id)) {
    throw ApplicationFailure.nonRetryable(
      `event ID ${JSON.stringify(event.id)} is not a canonical 64-bit decimal string`,
      FAILURE_TYPES.invalidEventInput,
    );
  }
  const work = {
    platform,
    event: { id: event.id, type: event.type, resourceType: event.resourceType, resourceId: event.resourceId },
    ...(input.callback === undefined ? {} : { callback: input.callback }),
  };
  // In a new run's first workflow task the event is almost surely not in the ledger yet, so its batch
  // need not look (a re-run, after a timed-out task or an interruption, may have recorded it).
  const firstTask = workflowInfo().historyLength <= FIRST_TASK_HISTORY_LENGTH;
  let answer = await fetchMirrorAndRecordEvent({ ...work, firstTask });
  while (answer.status === 'interrupted') {
    // Its worker is shutting down: a timer ends this workflow task, and the next worker takes over.
    await sleep(RESUME_AFTER_SHUTDOWN);
    answer = await fetchMirrorAndRecordEvent(work);
  }
  if (answer.status === 'failed') {
    throw ApplicationFailure.create({
      type: answer.failureType,
      message: `event ${event.id} (${event.type} ${event.resourceId}) could not be fetched: ${answer.message}`,
      nonRetryable: true,
    });
  }
  // Where operators filter for it, unless this deployment keeps outcomes in the ledger only (on Temporal
  // Cloud the upsert is a billable action of its own). An answer recorded before the choice existed: yes.
  if (answer.searchable !== false) {
    upsertSearchAttributes([{ key: searchAttributes.outcome, value: answer.outcome }]);
  }
  return { eventId: event.id, outcome: answer.outcome };
}
