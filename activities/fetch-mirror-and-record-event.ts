/**
 * The whole per-event work of the pull path, as ONE local activity of the event's workflow (so the
 * workflow writes one marker, not one per step): skip what is already in the ledger, fetch the event's
 * resource together with the other events this worker is processing for the platform (one
 * PlatformEvents query per batch, run by a short-lived batch workflow on the rate-limited Arlo queue),
 * answer an Arlo user's edit of owned fields, and record the outcome in the ledger and the watermark.
 *
 * Every step is idempotent, so a re-run (the worker died, the workflow task timed out and another worker
 * runs it again) is harmless: the ledger check answers a finished event, a re-fetch loses to nothing
 * newer in the mirror (newest wins), and the ledger keeps its first record.
 */
import { randomUUID } from 'node:crypto';

import { Context } from '@temporalio/activity';

import { isHandledEventType, type ArloEvent } from '../src/domain/arlo-event';
import {
  FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE,
  type EventFetchOutcome,
  type FetchPlatformEventBatchInput,
} from '../src/domain/event-fetch';
import { EventFetchCoalescer } from '../src/domain/event-fetch-coalescer';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { PULL_OUTCOMES, type PullOutcome } from '../src/domain/pull-outcomes';
import { searchAttributes } from '../src/domain/search-attributes';
import { workflowIds } from '../src/domain/workflow-ids';
import { createAnswerArloChange } from './answer-arlo-change';
import type { ActivityDeps } from './deps';
import { createIsEventProcessed } from './is-event-processed';
import { createMarkEventProcessed } from './mark-event-processed';

export interface FetchMirrorAndRecordEventInput {
  readonly platform: string;
  readonly event: Pick<ArloEvent, 'id' | 'type' | 'resourceType' | 'resourceId'>;
}

export type FetchMirrorAndRecordEventAnswer =
  | { readonly status: 'done'; readonly outcome: PullOutcome }
  /** The fetch failed for good (Arlo refused, or gave up after retries); nothing was recorded. */
  | { readonly status: 'failed'; readonly failureType: string; readonly message: string }
  /** The worker began to shut down while the event waited for its batch; nothing was recorded. */
  | { readonly status: 'interrupted' };

/** Batches of one platform running at once in one worker: enough to hide Arlo's latency behind the limit. */
const MAX_BATCHES_IN_FLIGHT = 4;

export function createFetchMirrorAndRecordEvent(deps: ActivityDeps) {
  const isEventProcessed = createIsEventProcessed(deps);
  const markEventProcessed = createMarkEventProcessed(deps);
  const answerArloChange = createAnswerArloChange(deps);
  const coalescers = new Map<string, EventFetchCoalescer<EventFetchOutcome>>();
  const coalescerOf = (platform: string) => {
    let coalescer = coalescers.get(platform);
    if (!coalescer) {
      coalescer = new EventFetchCoalescer<EventFetchOutcome>({
        windowMs: deps.config.pull.eventBatchWindowMs,
        maxEventsPerBatch: deps.config.pull.eventQueryBatchSize,
        maxBatchesInFlight: MAX_BATCHES_IN_FLIGHT,
        runBatch: (batch) =>
          runBatchWorkflow(
            deps,
            platform,
            batch.map((request) => request.eventId),
          ),
      });
      coalescers.set(platform, coalescer);
    }
    return coalescer;
  };

  const stopped = new Promise<'interrupted'>((resolve) => {
    if (deps.shuttingDown?.aborted) resolve('interrupted');
    else deps.shuttingDown?.addEventListener('abort', () => resolve('interrupted'), { once: true });
  });

  return async function fetchMirrorAndRecordEvent({
    platform,
    event,
  }: FetchMirrorAndRecordEventInput): Promise<FetchMirrorAndRecordEventAnswer> {
    if (!isHandledEventType(event.type)) {
      await markEventProcessed({ platform, event, outcome: PULL_OUTCOMES.ignored });
      return { status: 'done', outcome: PULL_OUTCOMES.ignored };
    }
    if (await isEventProcessed({ platform, eventId: event.id })) {
      return { status: 'done', outcome: PULL_OUTCOMES.duplicate };
    }
    // A worker shutting down stops waiting (the batch carries on without us) and says so: the workflow
    // then waits on a timer, which lets this worker finish its workflow task and stop, and the next
    // worker runs the event again. (Failing instead would be retried by this same worker, for ever.)
    const fetched = await Promise.race([
      coalescerOf(platform).fetch({
        eventId: event.id,
        resourceType: event.resourceType,
        resourceId: event.resourceId,
      }),
      Context.current().cancelled.catch(() => 'interrupted' as const),
      stopped,
    ]);
    if (fetched === 'interrupted') return { status: 'interrupted' };
    if (fetched === undefined) {
      return {
        status: 'failed',
        failureType: FAILURE_TYPES.missingFetchOutcome,
        message: `the batch fetch returned no outcome for event ${event.id}`,
      };
    }
    if (fetched.status === 'failed') return fetched;
    if (fetched.outcome === PULL_OUTCOMES.inserted || fetched.outcome === PULL_OUTCOMES.updated) {
      // Ours (a push's echo): nothing to do. An owned field edited in Arlo: the conflict policy decides.
      await answerArloChange({ platform, resourceType: event.resourceType, resourceId: event.resourceId });
    }
    await markEventProcessed({ platform, event, outcome: fetched.outcome });
    return { status: 'done', outcome: fetched.outcome };
  };
}

type BatchWorkflow = (input: FetchPlatformEventBatchInput) => Promise<EventFetchOutcome[]>;

/** Runs one batch as its own workflow on the Arlo queue and waits for its outcomes. */
async function runBatchWorkflow(
  { client, config }: Pick<ActivityDeps, 'client' | 'config'>,
  platform: string,
  eventIds: readonly string[],
): Promise<ReadonlyMap<string, EventFetchOutcome>> {
  const arloTaskQueue = config.temporal.arloTaskQueue;
  const outcomes = await client.workflow.execute<BatchWorkflow>(FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE, {
    workflowId: workflowIds.fetchBatch(platform, randomUUID()),
    taskQueue: arloTaskQueue,
    args: [{ platform, eventIds, arloTaskQueue } satisfies FetchPlatformEventBatchInput],
    typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
  });
  return new Map(outcomes.map((outcome) => [outcome.eventId, outcome]));
}
