/**
 * One batch of events, fetched with ONE PlatformEvents query and written to the mirror. Started by a
 * worker's event-fetch coalescer (activities/fetch-mirror-and-record-event.ts) for the events its per-event workflows
 * are waiting for, and awaited by them. It exists so that the Arlo request runs as an activity on the
 * rate-limited Arlo task queue, where the Temporal server holds every worker to the platform's budget.
 * Short-lived: one activity, then the outcomes of every event of the batch.
 */
import { proxyActivities } from '@temporalio/workflow';

import type { ArloActivities } from '../activities';
import type { EventFetchOutcome, FetchPlatformEventBatchInput } from '../src/domain/event-fetch';
import { describeFetchFailure, missingFetchOutcome } from './describe-fetch-failure';
import { FETCH_CONTRACT } from './platform-events-fetch-contract';

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
