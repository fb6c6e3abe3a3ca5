/**
 * NO LONGER STARTED for new events (see workflows/sync-arlo-event.ts and fetch-platform-event-batch.ts):
 * registered so that batchers and their `processArloEvent` requesters open at an upgrade finish.
 *
 * One per platform: collects the event IDs that per-event workflows ask for and fetches them with as
 * few PlatformEvents queries as possible, since every query spends one request of the platform's shared
 * budget (see src/domain/event-fetch.ts). At low load a callback's events arrive together and leave as
 * one query; at high load the queue fills whole batches while earlier ones are in flight.
 *
 * Started (or signalled) by the `requestEventFetch` activity with signal-with-start. Ends on its own
 * after an idle spell, and continues-as-new with its queue when its history grows.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

import type { ArloActivities } from '../activities';
import type {
  BatchPlatformEventFetchesInput,
  EventFetchOutcome,
  FetchBatcherTotals,
  PendingEventFetch,
} from '../src/domain/event-fetch';
import { searchAttributes } from '../src/domain/search-attributes';
import {
  describeFetchFailure as describeFailure,
  missingFetchOutcome as missingOutcome,
} from './describe-fetch-failure';
import { eventFetchedSignal, fetchQueueQuery, requestFetchSignal } from './event-fetch-signals';
import { FETCH_CONTRACT } from './platform-events-fetch-contract';

/** With nothing to do for this long, the batcher ends; the next request starts a fresh one. */
const IDLE_END_AFTER = '10 minutes';
/** Requests of a generation may still arrive this long after its end (clock skew, signal latency). */
const LATE_REQUESTS_GRACE_MS = 30_000;

/**
 * Most queued requests handed to the next run: ~250 bytes each keeps the continue-as-new input far
 * below Temporal's 2 MB payload limit even after a long Arlo outage piled up tens of thousands. The
 * rest are not lost: each requester asks again within three minutes (workflows/process-arlo-event.ts).
 */
const MAX_PENDING_CARRIED = 2_000;

/** When a run is due to roll over, in-flight queries get this long to answer their requesters. */
const IN_FLIGHT_GRACE = '1 minute';

export async function batchPlatformEventFetches(
  input: BatchPlatformEventFetchesInput,
): Promise<FetchBatcherTotals> {
  const { platform, settings } = input;
  // Set at signal-with-start too; repeated so every run of the continue-as-new chain is findable.
  upsertSearchAttributes([{ key: searchAttributes.platform, value: platform }]);
  const { fetchAndMirrorEvents } = proxyActivities<ArloActivities>({
    ...FETCH_CONTRACT,
    taskQueue: settings.arloTaskQueue,
  });

  /** Waiting for a batch, in arrival order. */
  const queued = new Map<string, PendingEventFetch>();
  /** In a query now; a request for one of these joins it instead of queueing a second fetch. */
  const inFlight = new Map<string, PendingEventFetch>();
  for (const pending of input.pending ?? []) queued.set(pending.eventId, pending);
  /**
   * Resources with an event in flight, and how many. Their queued events wait for the next batch, so
   * two queries never write one record at once: FerretDB (the embedded store) runs the mirror's
   * newest-wins update as read-then-write, where an older fetch could otherwise land last.
   */
  const busyResources = new Map<string, number>();
  const isReady = (p: PendingEventFetch) => !busyResources.has(resourceKey(p));
  /** At least `wanted` queued requests are ready? Stops counting there: checked on every activation. */
  const hasReady = (wanted: number) => {
    let found = 0;
    for (const p of queued.values()) if (isReady(p) && ++found >= wanted) return true;
    return false;
  };
  let queriesRunning = 0;
  let batchesThisRun = 0;
  let signalsThisRun = 0;
  let totals: FetchBatcherTotals = { ...(input.totals ?? { queries: 0, eventsFetched: 0, runs: 0 }) };
  totals = { ...totals, runs: totals.runs + 1 };

  setHandler(requestFetchSignal, (request) => {
    signalsThisRun += 1;
    const known = inFlight.get(request.eventId) ?? queued.get(request.eventId);
    if (known) {
      if (!known.requesterWorkflowIds.includes(request.requesterWorkflowId)) {
        known.requesterWorkflowIds.push(request.requesterWorkflowId);
      }
      return;
    }
    const { requesterWorkflowId, ...event } = request;
    queued.set(request.eventId, { ...event, requesterWorkflowIds: [requesterWorkflowId] });
  });
  setHandler(fetchQueueQuery, () => ({
    queued: queued.size,
    inFlight: inFlight.size,
    queriesRunning,
    totals,
  }));

  async function runBatch(batch: PendingEventFetch[]): Promise<void> {
    const outcomes = new Map<string, EventFetchOutcome>();
    try {
      const fetched = await fetchAndMirrorEvents({ platform, eventIds: batch.map((p) => p.eventId) });
      for (const outcome of fetched) outcomes.set(outcome.eventId, outcome);
    } catch (error) {
      const failure = describeFailure(error);
      log.warn('PlatformEvents batch failed; its requesters are told', { platform, ...failure });
      for (const p of batch) outcomes.set(p.eventId, { eventId: p.eventId, status: 'failed', ...failure });
    }
    totals = { ...totals, queries: totals.queries + 1, eventsFetched: totals.eventsFetched + batch.length };
    for (const p of batch) {
      inFlight.delete(p.eventId);
      const left = (busyResources.get(resourceKey(p)) ?? 1) - 1;
      if (left > 0) busyResources.set(resourceKey(p), left);
      else busyResources.delete(resourceKey(p));
    }
    // Requesters that joined while the query ran are in the same (mutable) lists.
    await Promise.all(
      batch.flatMap((p) =>
        p.requesterWorkflowIds.map((requester) =>
          tell(requester, outcomes.get(p.eventId) ?? missingOutcome(p.eventId)),
        ),
      ),
    );
  }

  const rollOverDue = () =>
    workflowInfo().continueAsNewSuggested ||
    batchesThisRun >= settings.maxBatchesPerRun ||
    signalsThisRun >= settings.maxSignalsPerRun;

  // A generation's batcher takes requests until its window closes, then drains its queue and ends.
  const closesAt =
    settings.acceptsUntil === undefined
      ? undefined
      : Date.parse(settings.acceptsUntil) + LATE_REQUESTS_GRACE_MS;
  const closed = () => closesAt !== undefined && Date.now() >= closesAt;
  const drained = () => queriesRunning === 0 && queued.size === 0;

  // Every wait also ends when a roll-over falls due: while Arlo fails, queries stay in flight for long
  // and requests keep arriving, and the run must still continue-as-new in time.
  while (!rollOverDue()) {
    const untilClosed = closesAt !== undefined && !closed() ? closesAt - Date.now() : IDLE_END_AFTER;
    const woken = await condition(
      () => queued.size > 0 || rollOverDue() || (closed() && queriesRunning === 0),
      untilClosed,
    );
    if (drained() && (closed() || (!woken && closesAt === undefined))) return totals;
    if (queued.size === 0) continue;
    // Low load: give the rest of a callback a moment to arrive. High load: the batch is already full.
    if (settings.batchWindowMs > 0) {
      await condition(() => hasReady(settings.maxEventsPerQuery) || rollOverDue(), settings.batchWindowMs);
    }
    await condition(() => rollOverDue() || (queriesRunning < settings.maxQueriesInFlight && hasReady(1)));
    if (rollOverDue()) break;
    const batch = [...queued.values()].filter(isReady).slice(0, settings.maxEventsPerQuery);
    for (const p of batch) {
      queued.delete(p.eventId);
      inFlight.set(p.eventId, p);
      busyResources.set(resourceKey(p), (busyResources.get(resourceKey(p)) ?? 0) + 1);
    }
    queriesRunning += 1;
    batchesThisRun += 1;
    void runBatch(batch).finally(() => (queriesRunning -= 1));
  }

  // Hand the queue to the next run once nothing is in flight, so in-flight requesters are answered here.
  // A query still retrying after the grace (Arlo down) is handed over too and asked again by the next
  // run; its late answer, if any, only writes the mirror, where the newer version wins anyway.
  await condition(() => queriesRunning === 0 && allHandlersFinished(), IN_FLIGHT_GRACE);
  await condition(allHandlersFinished);
  return continueAsNew<typeof batchPlatformEventFetches>({
    platform,
    settings,
    pending: [...inFlight.values(), ...queued.values()].slice(0, MAX_PENDING_CARRIED),
    totals,
  });
}

function resourceKey(p: PendingEventFetch): string {
  return `${p.resourceType}:${p.resourceId}`;
}

/** Tell one requester; one that no longer exists (finished, terminated) must not stop the batcher. */
async function tell(requesterWorkflowId: string, outcome: EventFetchOutcome): Promise<void> {
  try {
    await getExternalWorkflowHandle(requesterWorkflowId).signal(eventFetchedSignal, outcome);
  } catch (error) {
    log.info('requester of an event fetch is gone', {
      requesterWorkflowId,
      eventId: outcome.eventId,
      error: String(error),
    });
  }
}
