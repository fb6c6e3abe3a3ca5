/**
 * One batch of events, fetched with ONE PlatformEvents query, written to the mirror and recorded in the
 * ledger. Started by a worker's event-fetch coalescer (activities/fetch-mirror-and-record-event.ts) for
 * the events its per-event workflows are waiting for, and awaited by them. It exists so that the Arlo
 * request runs as an activity on the rate-limited Arlo task queue, where the Temporal server holds every
 * worker to the platform's budget. Short-lived: one activity, then the outcome of every event of the
 * batch.
 */
import { proxyActivities } from '@temporalio/workflow';

import type { ArloActivities } from '../activities';
import type {
  EventFetchOutcome,
  FetchPlatformEventBatchInput,
  RecordedEventOutcome,
} from '../src/domain/event-fetch';
import { describeFetchFailure, missingFetchOutcome } from './describe-fetch-failure';
import { FETCH_CONTRACT } from './platform-events-fetch-contract';

export async function fetchPlatformEventBatch(
  input: FetchPlatformEventBatchInput,
): Promise<Array<RecordedEventOutcome | EventFetchOutcome>> {
  const { fetchMirrorAndRecordEvents, fetchAndMirrorEvents } = proxyActivities<ArloActivities>({
    ...FETCH_CONTRACT,
    taskQueue: input.arloTaskQueue,
  });
  const { platform, eventIds, events } = input;
  try {
    const outcomes = events
      ? await fetchMirrorAndRecordEvents({ platform, events })
      : // A batch started before batches recorded their events (its history replays this way).
        await fetchAndMirrorEvents({ platform, eventIds });
    const byId = new Map<string, RecordedEventOutcome | EventFetchOutcome>(
      outcomes.map((outcome) => [outcome.eventId, outcome]),
    );
    return eventIds.map((eventId) => byId.get(eventId) ?? missingFetchOutcome(eventId));
  } catch (error) {
    const failure = describeFetchFailure(error);
    return eventIds.map((eventId) => ({ eventId, status: 'failed', ...failure }));
  }
}
