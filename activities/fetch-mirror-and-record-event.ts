/**
 * The whole per-event work of the pull path, as ONE local activity of the event's workflow (so the
 * workflow writes one marker, not one per step): skip what is already in the ledger, fetch the event's
 * resource together with the other events this worker is processing for the platform (one
 * PlatformEvents query per batch, run by a short-lived batch workflow on the rate-limited Arlo queue),
 * answer an Arlo user's edit of owned fields, and record the outcome in the ledger and the watermark.
 *
 * Every step is idempotent, so a re-run (the worker died, or the workflow task timed out on a busy
 * worker, and the activity runs again) is harmless: the ledger answers a finished event (with the outcome
 * it recorded, when this same workflow run recorded it), a re-run still waiting joins the same fetch or
 * finds its outcome remembered by the coalescer, a re-fetch loses to nothing newer in the mirror (newest
 * wins), and the ledger keeps its first record.
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
import { PULL_OUTCOMES, isPullOutcome, type PullOutcome } from '../src/domain/pull-outcomes';
import { recordDuplicateEvent } from '../src/metrics/worker-metrics';
import { findRecordedEvent, type RecordedEvent } from '../src/store/processed-events';
import { searchAttributes } from '../src/domain/search-attributes';
import { workflowIds } from '../src/domain/workflow-ids';
import { createAnswerArloChange } from './answer-arlo-change';
import type { ActivityDeps } from './deps';
import { createMarkEventProcessed } from './mark-event-processed';

export interface FetchMirrorAndRecordEventInput {
  readonly platform: string;
  readonly event: Pick<ArloEvent, 'id' | 'type' | 'resourceType' | 'resourceId'>;
}

type DoneAnswer = { readonly status: 'done'; readonly outcome: PullOutcome };

export type FetchMirrorAndRecordEventAnswer =
  | DoneAnswer
  /** The fetch failed for good (Arlo refused, or gave up after retries); nothing was recorded. */
  | { readonly status: 'failed'; readonly failureType: string; readonly message: string }
  /** The worker began to shut down while the event waited for its batch; nothing was recorded. */
  | { readonly status: 'interrupted' };

/** Batches of one platform running at once in one worker: enough to hide Arlo's latency behind the limit. */
const MAX_BATCHES_IN_FLIGHT = 4;
/**
 * How long a fetched outcome answers a re-run of the same event in this worker: longer than a workflow
 * task timeout (10 s) plus its retry, so a re-run after a timed-out task never queries Arlo again.
 */
const REMEMBER_OUTCOMES_MS = 2 * 60 * 1000;

export function createFetchMirrorAndRecordEvent(deps: ActivityDeps) {
  const markEventProcessed = createMarkEventProcessed(deps);
  const answerArloChange = createAnswerArloChange(deps);
  const coalescers = new Map<string, EventFetchCoalescer<EventFetchOutcome>>();
  const coalescerOf = (platform: string) => {
    let coalescer = coalescers.get(platform);
    if (!coalescer) {
      coalescer = new EventFetchCoalescer<EventFetchOutcome>({
        windowMs: deps.config.pull.eventBatchWindowMs,
        minIntervalMs: deps.config.pull.eventBatchIntervalMs,
        maxEventsPerBatch: deps.config.pull.eventQueryBatchSize,
        maxBatchesInFlight: MAX_BATCHES_IN_FLIGHT,
        rememberMs: REMEMBER_OUTCOMES_MS,
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

  /**
   * The ledger's answer for an event it already holds. The run that recorded it gets the recorded outcome:
   * that run's workflow task timed out after the record (a busy worker), and this is its re-run. Any other
   * run is a redelivery or replay: "duplicate".
   */
  const answerRecorded = (platform: string, recorded: RecordedEvent, run: string | undefined): DoneAnswer => {
    if (run !== undefined && recorded.recordedByRun === run && isPullOutcome(recorded.outcome)) {
      return { status: 'done', outcome: recorded.outcome };
    }
    recordDuplicateEvent(platform);
    return { status: 'done', outcome: PULL_OUTCOMES.duplicate };
  };

  /** Writes ledger row and watermark; when another attempt of this run recorded first, its record stands. */
  const record = async (
    work: FetchMirrorAndRecordEventInput,
    outcome: PullOutcome,
    run: string | undefined,
  ) => {
    const { recorded } = await markEventProcessed({
      ...work,
      outcome,
      ...(run === undefined ? {} : { recordedByRun: run }),
    });
    if (recorded) return { status: 'done', outcome } satisfies DoneAnswer;
    const stored = await findRecordedEvent(deps.db, work.platform, work.event.id);
    return stored ? answerRecorded(work.platform, stored, run) : ({ status: 'done', outcome } as const);
  };

  return async function fetchMirrorAndRecordEvent(
    work: FetchMirrorAndRecordEventInput,
  ): Promise<FetchMirrorAndRecordEventAnswer> {
    const { platform, event } = work;
    const run = Context.current().info.workflowExecution?.runId;
    if (!isHandledEventType(event.type)) return record(work, PULL_OUTCOMES.ignored, run);
    const recorded = await findRecordedEvent(deps.db, platform, event.id);
    if (recorded) return answerRecorded(platform, recorded, run);
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
    return record(work, fetched.outcome, run);
  };
}

type BatchWorkflow = (input: FetchPlatformEventBatchInput) => Promise<EventFetchOutcome[]>;

/**
 * Runs one batch as its own workflow on the Arlo queue and waits for its outcomes. A worker shutting down
 * aborts the wait (the batch workflow carries on without us): a call still pending when the worker closes
 * its connection would otherwise be retried on a closed channel, which throws outside any promise.
 */
async function runBatchWorkflow(
  { client, config, shuttingDown }: Pick<ActivityDeps, 'client' | 'config' | 'shuttingDown'>,
  platform: string,
  eventIds: readonly string[],
): Promise<ReadonlyMap<string, EventFetchOutcome>> {
  const arloTaskQueue = config.temporal.arloTaskQueue;
  const execute = () =>
    client.workflow.execute<BatchWorkflow>(FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE, {
      workflowId: workflowIds.fetchBatch(platform, randomUUID()),
      taskQueue: arloTaskQueue,
      args: [{ platform, eventIds, arloTaskQueue } satisfies FetchPlatformEventBatchInput],
      typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
    });
  const outcomes = await (shuttingDown ? client.withAbortSignal(shuttingDown, execute) : execute());
  return new Map(outcomes.map((outcome) => [outcome.eventId, outcome]));
}
