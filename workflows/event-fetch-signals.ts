/**
 * The signals and query between per-event workflows and their platform's fetch batcher, defined once
 * for both sides (names and payloads: src/domain/event-fetch.ts).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

import {
  EVENT_FETCH_QUERIES,
  EVENT_FETCH_SIGNALS,
  type EventFetchOutcome,
  type EventFetchRequest,
  type FetchQueueState,
} from '../src/domain/event-fetch';

export const requestFetchSignal = defineSignal<[EventFetchRequest]>(EVENT_FETCH_SIGNALS.requestFetch);
export const eventFetchedSignal = defineSignal<[EventFetchOutcome]>(EVENT_FETCH_SIGNALS.eventFetched);
export const fetchQueueQuery = defineQuery<FetchQueueState>(EVENT_FETCH_QUERIES.fetchQueue);
