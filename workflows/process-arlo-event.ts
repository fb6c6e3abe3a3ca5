/**
 * NO LONGER STARTED: the per-event workflow is workflows/sync-arlo-event.ts. This type stays registered,
 * unchanged, so that executions open when a worker is upgraded replay and finish (they and their
 * batchers, workflows/batch-platform-event-fetches.ts, still work as below).
 *
 * One Arlo webhook event, from "Arlo told us" to "the mirror has it": skip what is not ours or already
 * done, have the platform's batcher fetch the resource (one PlatformEvents query serves many events),
 * answer an Arlo user's edit of fields the external system owns (our own PATCH's echo is recognised and
 * left alone), record the outcome in the ledger and raise the watermark. Started by the receiver (and by catch-up)
 * with the event ID as workflow ID, so a redelivered event finds this execution instead of a new one.
 */
import {
  ApplicationFailure,
  condition,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

import type { Activities } from '../activities';
import { isHandledEventType } from '../src/domain/arlo-event';
import type { EventFetchOutcome } from '../src/domain/event-fetch';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { isEventId } from '../src/domain/event-id';
import type { ProcessArloEventInput } from '../src/domain/process-event-input';
import type { ProcessArloEventResult } from '../src/domain/process-event-result';
import { PULL_OUTCOMES, type PullOutcome } from '../src/domain/pull-outcomes';
import { searchAttributes } from '../src/domain/search-attributes';
import { eventFetchedSignal } from './event-fetch-signals';

/**
 * MongoDB reads and writes, one signal, one workflow start: short, retried until they succeed. Local activities: they
 * run inside the workflow task on the worker, without a round trip through the server's task queues,
 * which made the pull path about 1.5× faster end to end (bench pull-sync, embedded stack).
 */
const { isEventProcessed, markEventProcessed, requestEventFetch, answerArloChange } =
  proxyLocalActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });

/**
 * Ask again when no answer came within this time: longer than a batcher's own bound on one fetch
 * (20 minutes, retries included), so a request is repeated only when it was really lost (a batcher
 * carries at most 2,000 across continue-as-new). A shorter interval sends the same event to a newer
 * generation of batchers while the first still works on it: under load that doubles the work.
 */
const ASK_AGAIN_AFTER = '25 minutes';
/**
 * Fail visibly instead of waiting forever. Longer than the batcher's own bound on one fetch
 * (20 minutes, retries included), so a slow Arlo produces the batcher's precise failure, not this one.
 * A failed event workflow may be started again (reuse policy ALLOW_DUPLICATE_FAILED_ONLY): by Arlo's
 * redelivery, by a catch-up that has not walked past it yet, or by an operator.
 */
const GIVE_UP_AFTER_MS = 60 * 60 * 1000;

export async function processArloEvent(input: ProcessArloEventInput): Promise<ProcessArloEventResult> {
  const { platform, event } = input;
  let fetched: EventFetchOutcome | undefined;
  // Registered before anything else: the answer may arrive before `requestEventFetch` returns.
  setHandler(eventFetchedSignal, (outcome) => {
    if (outcome.eventId === event.id) fetched = outcome;
  });

  if (!isEventId(event.id)) {
    throw ApplicationFailure.nonRetryable(
      `event ID ${JSON.stringify(event.id)} is not a canonical 64-bit decimal string`,
      FAILURE_TYPES.invalidEventInput,
    );
  }
  const done = (outcome: PullOutcome): ProcessArloEventResult => {
    upsertSearchAttributes([{ key: searchAttributes.outcome, value: outcome }]);
    return { eventId: event.id, outcome };
  };

  if (!isHandledEventType(event.type)) {
    await markEventProcessed({ platform, event, outcome: PULL_OUTCOMES.ignored });
    return done(PULL_OUTCOMES.ignored);
  }
  if (await isEventProcessed({ platform, eventId: event.id })) return done(PULL_OUTCOMES.duplicate);

  const deadline = Date.now() + GIVE_UP_AFTER_MS; // Workflow time: deterministic on replay.
  while (fetched === undefined) {
    if (Date.now() >= deadline) {
      throw ApplicationFailure.nonRetryable(
        `no fetch result for event ${event.id} from the ${platform} batcher within ` +
          `${GIVE_UP_AFTER_MS / 60_000} minutes; see the workflows arlo-fetch-batcher:${platform}:*, then ` +
          'start this workflow again (same ID) once Arlo answers.',
        FAILURE_TYPES.eventFetchTimedOut,
      );
    }
    await requestEventFetch({
      platform,
      request: {
        eventId: event.id,
        eventType: event.type,
        resourceType: event.resourceType,
        resourceId: event.resourceId,
        requesterWorkflowId: workflowInfo().workflowId,
      },
    });
    await condition(() => fetched !== undefined, ASK_AGAIN_AFTER);
  }

  // Captured: TypeScript cannot see that the signal handler assigned it.
  const result: EventFetchOutcome = fetched;
  if (result.status === 'failed') {
    throw ApplicationFailure.create({
      type: result.failureType,
      message: `event ${event.id} (${event.type} ${event.resourceId}) could not be fetched: ${result.message}`,
      nonRetryable: true,
    });
  }
  if (result.outcome === PULL_OUTCOMES.inserted || result.outcome === PULL_OUTCOMES.updated) {
    // Ours (a push's echo): nothing to do. An owned field edited in Arlo: the conflict policy decides.
    await answerArloChange({ platform, resourceType: event.resourceType, resourceId: event.resourceId });
  }
  await markEventProcessed({ platform, event, outcome: result.outcome });
  return done(result.outcome);
}
