import {
  BATCH_PLATFORM_EVENT_FETCHES_WORKFLOW_TYPE,
  EVENT_FETCH_SIGNALS,
  fetchBatcherGeneration,
  type EventFetchRequest,
  type FetchBatcherSettings,
} from '../src/domain/event-fetch';
import { searchAttributes } from '../src/domain/search-attributes';
import { workflowIds } from '../src/domain/workflow-ids';
import type { Config } from '../src/config';
import type { ActivityDeps } from './deps';

export interface RequestEventFetchInput {
  readonly platform: string;
  readonly request: EventFetchRequest;
}

/** Queries in flight per platform: enough to hide Arlo's latency behind the queue's rate limit. */
const MAX_QUERIES_IN_FLIGHT = 4;
/** About 3-4 history events per fetched event plus 3 per batch: a few thousand events per run. */
const MAX_BATCHES_PER_RUN = 250;
/** Well below Temporal's 10,000 signals per execution, re-asks after a long Arlo outage included. */
const MAX_SIGNALS_PER_RUN = 3_000;

export function fetchBatcherSettings(config: Config): FetchBatcherSettings {
  return {
    arloTaskQueue: config.temporal.arloTaskQueue,
    maxEventsPerQuery: config.pull.eventQueryBatchSize,
    batchWindowMs: config.pull.eventBatchWindowMs,
    maxQueriesInFlight: MAX_QUERIES_IN_FLIGHT,
    maxBatchesPerRun: MAX_BATCHES_PER_RUN,
    maxSignalsPerRun: MAX_SIGNALS_PER_RUN,
  };
}

/**
 * Asks the platform's fetch batcher of the current generation for one event, starting it if it is not
 * running (signal-with-start is atomic: the request is never lost between "is it running?" and "start
 * it"). A request that arrives after its generation's batcher ended starts it again; it serves the
 * request and ends. Idempotent: a batcher deduplicates requests by event ID.
 */
export function createRequestEventFetch({ client, config }: Pick<ActivityDeps, 'client' | 'config'>) {
  return async function requestEventFetch({ platform, request }: RequestEventFetchInput): Promise<void> {
    const { generation, acceptsUntil } = fetchBatcherGeneration(
      Date.now(),
      config.pull.fetchBatcherWindowSeconds * 1000,
    );
    await client.workflow.signalWithStart(BATCH_PLATFORM_EVENT_FETCHES_WORKFLOW_TYPE, {
      workflowId: workflowIds.fetchBatcher(platform, generation),
      taskQueue: config.temporal.taskQueue,
      args: [{ platform, settings: { ...fetchBatcherSettings(config), acceptsUntil } }],
      signal: EVENT_FETCH_SIGNALS.requestFetch,
      signalArgs: [request],
      typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
    });
  };
}
