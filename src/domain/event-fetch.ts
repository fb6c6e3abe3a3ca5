/**
 * The protocol between the per-event workflows and their platform's fetch batcher. Signals are named
 * here (not defined with `defineSignal`, which only workflow code may import) so that the activity that
 * signals the batcher and the workflows that handle the signals agree on one spelling.
 *
 * Why a batcher at all: every Arlo call of every worker shares the platform's 300 requests a minute,
 * enforced as Temporal's rate limit on the Arlo task queue where each activity makes one request. One
 * fetch activity per event would cap the pull path at ~5 events a second; one PlatformEvents query per
 * batch of up to `maxEventsPerQuery` events multiplies that by the batch size.
 */
import type { EventId } from './event-id';
import type { FetchedEventOutcome, PullOutcome } from './pull-outcomes';

/** Before the per-worker coalescer: registered only for executions still open at an upgrade. */
export const BATCH_PLATFORM_EVENT_FETCHES_WORKFLOW_TYPE = 'batchPlatformEventFetches';

/** One coalesced batch: one PlatformEvents query on the Arlo queue (workflows/fetch-platform-event-batch.ts). */
export const FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE = 'fetchPlatformEventBatch';

export interface FetchPlatformEventBatchInput {
  readonly platform: string;
  readonly eventIds: readonly EventId[];
  /** The rate-limited queue the query runs on; the batch workflow itself runs there too. */
  readonly arloTaskQueue: string;
  /**
   * The batch's events with what the ledger needs, in `eventIds` order: the batch records them itself
   * (ledger rows and watermark once per batch) and answers `RecordedEventOutcome`s. Absent in batches
   * started before it did (their histories replay the fetch-only path, answering `EventFetchOutcome`s).
   */
  readonly events?: readonly BatchedEvent[];
}

/** One event of a batch that records what it did (see `FetchPlatformEventBatchInput.events`). */
export interface BatchedEvent {
  readonly eventId: EventId;
  /** The webhook's event type, for the ledger row. */
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /**
   * The event workflow run waiting for it: the ledger row names it, so a re-run of that same run (its
   * workflow task timed out on a busy worker) gets the outcome recorded, and any other run `duplicate`.
   */
  readonly run?: string;
  /**
   * The first try of a new workflow run (its first workflow task, the activity's first attempt): the
   * ledger then holds the event only when Temporal forgot an earlier run that recorded it, so the batch
   * does not read the ledger for it first (the ledger's insert still finds such an event, and answers
   * it). Absent: read first, as for a re-run, which may well have recorded it.
   */
  readonly firstTry?: boolean;
}

/** An event that could not be fetched (Arlo refused, or gave up after retries); nothing was recorded. */
export interface EventFetchFailure {
  readonly eventId: EventId;
  readonly status: 'failed';
  /** A stable name for the kind of failure, e.g. `ArloUnauthorisedError`; the workflow fails with it. */
  readonly failureType: string;
  readonly message: string;
}

/** What a recording batch did with one event: its outcome, as the ledger holds it, or why it failed. */
export type RecordedEventOutcome =
  | { readonly eventId: EventId; readonly status: 'recorded'; readonly outcome: PullOutcome }
  | EventFetchFailure;

export const EVENT_FETCH_SIGNALS = {
  /** requester → batcher: please fetch this event (idempotent: the batcher deduplicates by event ID). */
  requestFetch: 'requestFetch',
  /** batcher → requester: this event's fetch is done (or failed for good). */
  eventFetched: 'eventFetched',
} as const;

export const EVENT_FETCH_QUERIES = {
  /** What the batcher holds right now, for operators (Temporal Web UI → Queries). */
  fetchQueue: 'fetchQueue',
} as const;

export interface EventFetchRequest {
  readonly eventId: EventId;
  /** From the webhook; the batcher shows them in its query and logs, the fetch trusts Arlo's record. */
  readonly eventType: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The workflow that waits for `eventFetched`. */
  readonly requesterWorkflowId: string;
}

export type EventFetchOutcome =
  | { readonly eventId: EventId; readonly status: 'fetched'; readonly outcome: FetchedEventOutcome }
  | EventFetchFailure;

/** Tuning of one platform's batcher, fixed for a run (new values apply from the next continue-as-new). */
export interface FetchBatcherSettings {
  /** Where the fetch activity runs: the rate-limited Arlo task queue. */
  readonly arloTaskQueue: string;
  /** Most event IDs per PlatformEvents query (ARLO_EVENT_QUERY_BATCH_SIZE). */
  readonly maxEventsPerQuery: number;
  /** How long a part-filled batch waits for more events (ARLO_EVENT_BATCH_WINDOW_MS). */
  readonly batchWindowMs: number;
  /** Queries running at once; more cannot go faster than the queue's rate limit anyway. */
  readonly maxQueriesInFlight: number;
  /** Batches per run before continue-as-new, bounding the history. */
  readonly maxBatchesPerRun: number;
  /**
   * Requests received per run before continue-as-new: Temporal refuses signals beyond 10,000 per
   * execution (limit.maxSignalsPerExecution), and a refused request would leave its event waiting.
   */
  readonly maxSignalsPerRun: number;
  /**
   * The end of this batcher's generation (ISO time): requests stop arriving soon after, so it ends once
   * its queue is empty. Absent: it ends after ten idle minutes.
   */
  readonly acceptsUntil?: string;
}

/**
 * Batchers come in generations: every request goes to the batcher of the window of time it is made in
 * (ARLO_FETCH_BATCHER_WINDOW_SECONDS). Why not one long-running batcher per platform: requests are
 * signals, and a workflow that receives signals without pause can never continue-as-new (the server
 * fails the closing task whenever a signal arrives while it runs, temporalio/temporal#1289). Under load
 * the one batcher replayed and failed until it reached Temporal's 10,000 signals per execution and
 * stopped. A generation's batcher receives requests for one window only, then drains and ends.
 */
export function fetchBatcherGeneration(
  nowMs: number,
  windowMs: number,
): { generation: number; acceptsUntil: string } {
  const generation = Math.floor(nowMs / windowMs);
  return { generation, acceptsUntil: new Date((generation + 1) * windowMs).toISOString() };
}

/** One queued event ID and every workflow waiting for it. */
export interface PendingEventFetch {
  readonly eventId: EventId;
  readonly eventType: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly requesterWorkflowIds: string[];
}

export interface BatchPlatformEventFetchesInput {
  readonly platform: string;
  readonly settings: FetchBatcherSettings;
  /** Carried over continue-as-new: requests that were queued but not yet in a batch. */
  readonly pending?: readonly PendingEventFetch[];
  /** Carried over continue-as-new, for the operator's totals. */
  readonly totals?: FetchBatcherTotals;
}

export interface FetchBatcherTotals {
  readonly queries: number;
  readonly eventsFetched: number;
  readonly runs: number;
}

export interface FetchQueueState {
  readonly queued: number;
  readonly inFlight: number;
  readonly queriesRunning: number;
  readonly totals: FetchBatcherTotals;
}
