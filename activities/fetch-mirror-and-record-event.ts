/**
 * The whole per-event work of the pull path, as ONE local activity of the event's workflow (so the
 * workflow writes one marker, not one per step): the event joins the other events this worker is
 * processing for the platform, and their batch does the work (activities/fetch-mirror-and-record-events.ts,
 * run by a short-lived batch workflow on the rate-limited Arlo queue): what the ledger already holds is
 * answered from it, the rest are fetched with one PlatformEvents query, mirrored, answered when an Arlo
 * user edited owned fields, and recorded in the ledger and the watermark. This activity waits for the
 * event's outcome; it writes nothing itself, except for an event type arlo-sync does not handle.
 *
 * Every step is idempotent, so a re-run (the worker died, or the workflow task timed out on a busy
 * worker, and the activity runs again) is harmless: a re-run still waiting joins the same batch or
 * finds its outcome remembered by the coalescer, and a later batch answers it from the ledger (with the
 * outcome recorded, when this same workflow run recorded it).
 */
import { randomUUID } from 'node:crypto';

import { Context } from '@temporalio/activity';

import { isHandledEventType, type ArloEvent } from '../src/domain/arlo-event';
import {
  FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE,
  type BatchedEvent,
  type FetchPlatformEventBatchInput,
  type RecordedEventOutcome,
} from '../src/domain/event-fetch';
import type { CallbackOfEvent } from '../src/domain/callback-arrivals';
import { EventFetchCoalescer, type CoalescedFetchRequest } from '../src/domain/event-fetch-coalescer';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { PULL_OUTCOMES, outcomeOfRecordedEvent, type PullOutcome } from '../src/domain/pull-outcomes';
import { recordDuplicateEvent } from '../src/metrics/worker-metrics';
import { findRecordedEvent } from '../src/store/processed-events';
import { searchAttributes } from '../src/domain/search-attributes';
import { workflowIds } from '../src/domain/workflow-ids';
import type { ActivityDeps } from './deps';
import { createMarkEventProcessed } from './mark-event-processed';

export interface FetchMirrorAndRecordEventInput {
  readonly platform: string;
  readonly event: Pick<ArloEvent, 'id' | 'type' | 'resourceType' | 'resourceId'>;
  /** Called in the first workflow task of a new run (workflows/sync-arlo-event.ts). */
  readonly firstTask?: boolean;
  /** The webhook callback that delivered the event (src/domain/callback-arrivals.ts). */
  readonly callback?: CallbackOfEvent;
}

/** A batch's event, and the callback that delivered it (for the coalescer only, not sent with the batch). */
type CoalescedEvent = BatchedEvent & Pick<CoalescedFetchRequest, 'callback'>;

type DoneAnswer = {
  readonly status: 'done';
  readonly outcome: PullOutcome;
  /**
   * Whether the workflow records the outcome in `ArloSyncOutcome` (ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE).
   * Decided by the worker that ran the activity and kept in the activity's marker, so a replay makes the
   * same choice. Absent from markers written before the choice existed, which meant yes.
   */
  readonly searchable?: boolean;
};

export type FetchMirrorAndRecordEventAnswer =
  | DoneAnswer
  /** The fetch failed for good (Arlo refused, or gave up after retries); nothing was recorded. */
  | { readonly status: 'failed'; readonly failureType: string; readonly message: string }
  /** The worker began to shut down while the event waited for its batch; nothing was recorded. */
  | { readonly status: 'interrupted' };

/**
 * Batches of one platform running at once in one worker. With 4, the pull path completed 36-43 of 50
 * offered events/s in the benchmark; with 8, 44-48 (ARCHITECTURE.md, "Why 8 batches in flight"). Queries
 * still leave at most at the Arlo queue's rate, and part-filled batches `ARLO_EVENT_BATCH_INTERVAL_MS` apart.
 */
export const MAX_BATCHES_IN_FLIGHT = 8;
/**
 * How long a fetched outcome answers a re-run of the same event in this worker: longer than a workflow
 * task timeout (10 s) plus its retry, so a re-run after a timed-out task never queries Arlo again.
 */
export const REMEMBER_OUTCOMES_MS = 2 * 60 * 1000;

export function createFetchMirrorAndRecordEvent(deps: ActivityDeps) {
  const markEventProcessed = createMarkEventProcessed(deps);
  const coalescers = new Map<string, EventFetchCoalescer<RecordedEventOutcome, CoalescedEvent>>();
  const coalescerOf = (platform: string) => {
    let coalescer = coalescers.get(platform);
    if (!coalescer) {
      coalescer = new EventFetchCoalescer<RecordedEventOutcome, CoalescedEvent>({
        windowMs: deps.config.pull.eventBatchWindowMs,
        minIntervalMs: deps.config.pull.eventBatchIntervalMs,
        maxEventsPerBatch: deps.config.pull.eventQueryBatchSize,
        maxBatchesInFlight: MAX_BATCHES_IN_FLIGHT,
        rememberMs: REMEMBER_OUTCOMES_MS,
        // An outcome is the recording run's: any other run of the event gets "duplicate" from the ledger.
        sameAsker: (first, later) => first.run === later.run,
        runBatch: (batch) =>
          runBatchWorkflow(
            deps,
            platform,
            batch.map(({ callback: _callback, ...event }) => event),
          ),
      });
      coalescers.set(platform, coalescer);
    }
    return coalescer;
  };

  const done = (outcome: PullOutcome): DoneAnswer => ({
    status: 'done',
    outcome,
    searchable: deps.config.pull.outcomeSearchAttribute,
  });

  const stopped = new Promise<'interrupted'>((resolve) => {
    if (deps.shuttingDown?.aborted) resolve('interrupted');
    else deps.shuttingDown?.addEventListener('abort', () => resolve('interrupted'), { once: true });
  });

  /** An event type arlo-sync does not handle: recorded as ignored (no batch, nothing fetched). */
  const recordIgnored = async (
    work: FetchMirrorAndRecordEventInput,
    run: string | undefined,
  ): Promise<DoneAnswer> => {
    const outcome = PULL_OUTCOMES.ignored;
    const { recorded } = await markEventProcessed({
      ...work,
      outcome,
      ...(run === undefined ? {} : { recordedByRun: run }),
    });
    if (recorded) return done(outcome);
    // Recorded before: by this run's earlier attempt (its outcome stands), or a redelivery.
    const stored = await findRecordedEvent(deps.db, work.platform, work.event.id);
    const answer = stored ? outcomeOfRecordedEvent(stored, run) : outcome;
    if (answer === PULL_OUTCOMES.duplicate) recordDuplicateEvent(work.platform);
    return done(answer);
  };

  return async function fetchMirrorAndRecordEvent(
    work: FetchMirrorAndRecordEventInput,
  ): Promise<FetchMirrorAndRecordEventAnswer> {
    const { platform, event } = work;
    const { info } = Context.current();
    const run = info.workflowExecution?.runId;
    if (!isHandledEventType(event.type)) return recordIgnored(work, run);
    // A worker shutting down stops waiting (the batch carries on without us) and says so: the workflow
    // then waits on a timer, which lets this worker finish its workflow task and stop, and the next
    // worker runs the event again. (Failing instead would be retried by this same worker, for ever.)
    const fetched = await Promise.race([
      coalescerOf(platform).fetch({
        eventId: event.id,
        type: event.type,
        resourceType: event.resourceType,
        resourceId: event.resourceId,
        ...(run === undefined ? {} : { run }),
        ...(work.firstTask === true && info.attempt === 1 ? { firstTry: true } : {}),
        ...(work.callback === undefined ? {} : { callback: work.callback }),
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
    return done(fetched.outcome);
  };
}

type BatchWorkflow = (input: FetchPlatformEventBatchInput) => Promise<RecordedEventOutcome[]>;

/**
 * Runs one batch as its own workflow on the Arlo queue and waits for its outcomes: handed over in this
 * process when the batch's activity runs here (src/domain/batch-outcome-handoff.ts), or else the
 * workflow's result, by long poll. A worker shutting down aborts the wait (the batch workflow carries
 * on without us): a call still pending when the worker closes its connection would otherwise be retried
 * on a closed channel, which throws outside any promise. So is the long poll once the outcomes came.
 */
async function runBatchWorkflow(
  {
    client,
    config,
    shuttingDown,
    batchOutcomes,
  }: Pick<ActivityDeps, 'client' | 'config' | 'shuttingDown' | 'batchOutcomes'>,
  platform: string,
  events: readonly BatchedEvent[],
): Promise<ReadonlyMap<string, RecordedEventOutcome>> {
  const arloTaskQueue = config.temporal.arloTaskQueue;
  const workflowId = workflowIds.fetchBatch(platform, randomUUID());
  const handedOver = batchOutcomes?.expect(workflowId);
  // Aborted when the outcomes came or the worker shuts down. Not `AbortSignal.any`: on Node 20 each call
  // leaves an entry on the worker-long shutdown signal, one per batch for the worker's lifetime.
  const stopWaiting = new AbortController();
  const stopOnShutdown = () => stopWaiting.abort();
  if (shuttingDown?.aborted) stopWaiting.abort();
  shuttingDown?.addEventListener('abort', stopOnShutdown, { once: true });
  try {
    const polled = client.withAbortSignal(stopWaiting.signal, async () => {
      const handle = await client.workflow.start<BatchWorkflow>(FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: arloTaskQueue,
        args: [
          {
            platform,
            eventIds: events.map((event) => event.eventId),
            arloTaskQueue,
            events,
          } satisfies FetchPlatformEventBatchInput,
        ],
        typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
      });
      return handle.result();
    });
    // The race observes the poll too, so the poll's rejection when it is aborted below is handled.
    const outcomes = handedOver ? await Promise.race([handedOver.handedOver, polled]) : await polled;
    return new Map(outcomes.map((outcome) => [outcome.eventId, outcome]));
  } finally {
    shuttingDown?.removeEventListener('abort', stopOnShutdown);
    handedOver?.stop();
    stopWaiting.abort();
  }
}
