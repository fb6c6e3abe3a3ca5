/**
 * The batcher design's per-platform fetch batcher (no longer started for new events, still registered
 * for executions open at an upgrade: workflows/batch-platform-event-fetches.ts), driven by its own
 * `processArloEvent` requesters, across continue-as-new and generations, on the real Temporal server and
 * MongoDB with a fake Arlo that counts PlatformEvents queries (each one request of the shared budget).
 */
import type { Config } from '../../src/config';
import {
  fetchBatcherGeneration,
  type BatchPlatformEventFetchesInput,
  type FetchBatcherTotals,
  type FetchQueueState,
} from '../../src/domain/event-fetch';
import { workflowIds } from '../../src/domain/workflow-ids';
import {
  BIG_EVENT_ID_BASE,
  FakePlatformEvents,
  contact,
  updatedEvent,
} from '../helpers/fake-platform-events';
import { openPullTestStack, pullTestEnv, webhookEvent, type PullTestStack } from '../helpers/pull-test-env';

jest.setTimeout(240_000);

let stack: PullTestStack;
beforeAll(async () => (stack = await openPullTestStack()));
afterAll(async () => stack.close());

const bigIds = (n: number) => Array.from({ length: n }, (_, i) => (BIG_EVENT_ID_BASE + BigInt(i)).toString());

function arloWith(ids: readonly string[]): FakePlatformEvents {
  const arlo = new FakePlatformEvents();
  ids.forEach((id, i) =>
    arlo.add(
      updatedEvent(id, contact(String(1 + (i % 50)), `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}Z`)),
    ),
  );
  return arlo;
}

/** The generation the event workflows' requests go to now (one for the whole test: see pullTestEnv). */
const currentGeneration = (config: Config) =>
  fetchBatcherGeneration(Date.now(), config.pull.fetchBatcherWindowSeconds * 1000).generation;

/**
 * Starts a platform's batcher of `generation` with `input`, by signal-with-start of one Contact.Updated
 * request whose requester workflow does not exist (the batcher must survive telling it).
 */
function startWithOrphanRequest(
  env: ReturnType<typeof pullTestEnv>,
  generation: number,
  input: BatchPlatformEventFetchesInput,
  request: { readonly eventId: string; readonly resourceId: string },
) {
  return stack.client.workflow.signalWithStart('batchPlatformEventFetches', {
    workflowId: workflowIds.fetchBatcher(env.platform, generation),
    taskQueue: env.config.temporal.taskQueue,
    args: [input],
    signal: 'requestFetch',
    signalArgs: [
      {
        ...request,
        eventType: 'Contact.Updated',
        resourceType: 'Contact',
        requesterWorkflowId: 'a-requester-workflow-that-does-not-exist',
      },
    ],
  });
}

describe('batchPlatformEventFetches', () => {
  it('loses no request across continue-as-new, and survives a requester that no longer exists', async () => {
    const ids = bigIds(24);
    const ghostEventId = '42';
    const arlo = arloWith(ids).add(updatedEvent(ghostEventId, contact('4242', '2024-05-01T10:00:00Z')));
    const env = pullTestEnv(stack, arlo);
    // Started here with tiny runs, so the batcher continues-as-new every 2 queries while requests pour in.
    const batcherInput: BatchPlatformEventFetchesInput = {
      platform: env.platform,
      settings: {
        arloTaskQueue: env.config.temporal.arloTaskQueue,
        maxEventsPerQuery: 3,
        batchWindowMs: 50,
        maxQueriesInFlight: 2,
        maxBatchesPerRun: 2,
        maxSignalsPerRun: 1_000,
      },
    };

    const { results, state } = await env.run(async () => {
      const batcher = await startWithOrphanRequest(env, currentGeneration(env.config), batcherInput, {
        eventId: ghostEventId,
        resourceId: '4242',
      });
      await Promise.all(ids.map((id, i) => env.startViaBatcher(webhookEvent(id, String(1 + (i % 50))))));
      const results = await Promise.all(ids.map((id) => env.result(id)));
      const state = await stack.client.workflow
        .getHandle(batcher.workflowId)
        .query<FetchQueueState>('fetchQueue');
      return { results, state };
    });

    expect(results.map((r) => r.eventId)).toEqual(ids);
    const queried = arlo.queries.flat();
    expect(new Set(queried)).toEqual(new Set([ghostEventId, ...ids]));
    expect(queried).toHaveLength(ids.length + 1); // Nothing fetched twice, nothing dropped.
    expect(state.totals.queries).toBe(arlo.queries.length);
    expect(state.totals.runs).toBeGreaterThanOrEqual(Math.ceil(arlo.queries.length / 2));
    expect(state.queued + state.inFlight).toBe(0);
  });

  it('continues-as-new after maxSignalsPerRun requests, with its query in flight, and loses none', async () => {
    const ids = bigIds(12);
    const arlo = new FakePlatformEvents(1_500); // Slow: requests keep arriving while a query runs.
    for (const id of ids) arlo.add(updatedEvent(id, contact(id.slice(-4), '2024-05-01T10:00:00Z')));
    const env = pullTestEnv(stack, arlo);
    const batcherInput: BatchPlatformEventFetchesInput = {
      platform: env.platform,
      settings: {
        arloTaskQueue: env.config.temporal.arloTaskQueue,
        maxEventsPerQuery: 4,
        batchWindowMs: 50,
        maxQueriesInFlight: 1,
        maxBatchesPerRun: 1_000, // Never the reason here.
        maxSignalsPerRun: 3,
      },
    };

    const { results, state } = await env.run(async () => {
      const batcher = await stack.client.workflow.start('batchPlatformEventFetches', {
        workflowId: workflowIds.fetchBatcher(env.platform, currentGeneration(env.config)),
        taskQueue: env.config.temporal.taskQueue,
        args: [batcherInput],
      });
      await Promise.all(ids.map((id) => env.startViaBatcher(webhookEvent(id, id.slice(-4)))));
      const results = await Promise.all(ids.map((id) => env.result(id)));
      const state = await batcher.query<FetchQueueState>('fetchQueue');
      return { results, state };
    });

    expect(results.map((r) => r.eventId)).toEqual(ids);
    expect(new Set(arlo.queries.flat())).toEqual(new Set(ids)); // Every request answered.
    // Without the signal bound one run would serve all (maxBatchesPerRun is out of reach).
    expect(state.totals.runs).toBeGreaterThanOrEqual(2);
  });

  it('ends once its generation has closed and its queue is drained, after serving a late request', async () => {
    const [id] = bigIds(1) as [string];
    const arlo = new FakePlatformEvents().add(updatedEvent(id, contact('77', '2024-05-01T10:00:00Z')));
    const env = pullTestEnv(stack, arlo);
    // A request that arrives after its generation ended starts that generation's batcher again.
    const acceptsUntil = new Date(Date.now() - 120_000).toISOString();
    const batcherInput: BatchPlatformEventFetchesInput = {
      platform: env.platform,
      settings: {
        arloTaskQueue: env.config.temporal.arloTaskQueue,
        maxEventsPerQuery: 10,
        batchWindowMs: 50,
        maxQueriesInFlight: 2,
        maxBatchesPerRun: 100,
        maxSignalsPerRun: 1_000,
        acceptsUntil,
      },
    };

    const totals = await env.run(async () => {
      const batcher = await startWithOrphanRequest(env, 1, batcherInput, { eventId: id, resourceId: '77' });
      return batcher.result() as Promise<FetchBatcherTotals>;
    });

    expect(totals).toEqual({ queries: 1, eventsFetched: 1, runs: 1 });
    expect(arlo.queries).toEqual([[id]]);
  });
});
