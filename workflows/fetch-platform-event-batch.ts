/**
 * One batch of events, fetched with ONE PlatformEvents query and written to the mirror. Started by a
 * worker's event-fetch coalescer (activities/fetch-mirror-and-record-event.ts) for the events its per-event workflows
 * are waiting for, and awaited by them. It exists so that the Arlo request runs as an activity on the
 * rate-limited Arlo task queue, where the Temporal server holds every worker to the platform's budget.
 * Short-lived: one activity, then the outcomes of every event of the batch.
 */
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';

import type { ArloActivities } from '../activities';
import type { EventFetchOutcome, FetchPlatformEventBatchInput } from '../src/domain/event-fetch';
import { describeFetchFailure, missingFetchOutcome } from './describe-fetch-failure';

/**
 * One PlatformEvents query plus the mirror writes of its events. Transient Arlo errors and 429s are
 * retried (429 after Arlo's Retry-After, see activities/arlo-failure.ts) for up to 20 minutes, queueing
 * behind the rate limit included; permanent ones fail at once. Either way every event gets an answer.
 */
const FETCH_CONTRACT = {
  // One Arlo request (ARLO_REQUEST_TIMEOUT_MS, 30 s by default) plus the mirror writes, which a busy
  // store can make slow; the activity heartbeats after each write, so an attempt lost with a killed
  // worker is still retried within a minute.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '20 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
} satisfies ActivityOptions;

export async function fetchPlatformEventBatch({
  platform,
  eventIds,
  arloTaskQueue,
}: FetchPlatformEventBatchInput): Promise<EventFetchOutcome[]> {
  const { fetchAndMirrorEvents } = proxyActivities<ArloActivities>({
    ...FETCH_CONTRACT,
    taskQueue: arloTaskQueue,
  });
  try {
    const fetched = await fetchAndMirrorEvents({ platform, eventIds });
    const byId = new Map(fetched.map((outcome) => [outcome.eventId, outcome]));
    return eventIds.map((eventId) => byId.get(eventId) ?? missingFetchOutcome(eventId));
  } catch (error) {
    const failure = describeFetchFailure(error);
    return eventIds.map((eventId) => ({ eventId, status: 'failed', ...failure }));
  }
}
