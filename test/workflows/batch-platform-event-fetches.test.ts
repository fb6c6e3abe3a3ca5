/**
 * The per-platform fetch batcher under load and across continue-as-new, on the real Temporal server and
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
import { collections } from '../../src/store/collections';
import { readWatermark } from '../../src/store/watermarks';
import {
  BIG_EVENT_ID_BASE,
  FakePlatformEvents,
  contact,
  updatedEvent,
} from '../helpers/fake-platform-events';
import { openPullTestStack, pullTestEnv, webhookEvent, type PullTestStack } from '../helpers/pull-test-env';

// 200 event workflows on a shared two-core machine can take longer than the 120 s default.
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
  it('serves 200 concurrent event workflows with at most 200/batch size + a few queries', async () => {
    const ids = bigIds(200);
    const arlo = arloWith(ids);
    // 25 IDs per query and 4 in flight (the defaults). The window is 1 s, not the default 150 ms: a full
    // batch leaves at once either way, but on a loaded machine the workflows' requests trickle in, and
    // 150 ms windows then send part-filled batches in numbers that depend on the load (13 seen).
    const env = pullTestEnv(stack, arlo, { ARLO_EVENT_BATCH_WINDOW_MS: '1000' });
    const started = Date.now();

    const results = await env.run(async () => {
      await Promise.all(ids.map((id, i) => env.start(webhookEvent(id, String(1 + (i % 50))))));
      return Promise.all(ids.map((id) => env.result(id)));
    });
    const elapsedMs = Date.now() - started;

    const batchSize = env.config.pull.eventQueryBatchSize;
    const queried = arlo.queries.flat();
    process.stderr.write(
      `[pull] 200 concurrent events: ${arlo.queries.length} PlatformEvents queries ` +
        `(sizes ${arlo.queries.map((q) => q.length).join(',')}), ${elapsedMs} ms, ` +
        `${((200 / elapsedMs) * 1000).toFixed(1)} events/s on 2 shared cores\n`,
    );
    expect(results.every((r) => ['inserted', 'updated', 'unchanged', 'stale'].includes(r.outcome))).toBe(
      true,
    );
    expect(new Set(queried)).toEqual(new Set(ids)); // Every event fetched…
    expect(queried).toHaveLength(200); // …exactly once.
    expect(arlo.queries.every((q) => q.length <= batchSize)).toBe(true);
    // The first batches leave part-filled while the queue builds up (at most one per query slot).
    expect(arlo.queries.length).toBeLessThanOrEqual(200 / batchSize + 4 + 2);
    expect(await collections(stack.mongo.db).processedEvents.countDocuments({ platform: env.platform })).toBe(
      200,
    );
    expect((await readWatermark(stack.mongo.db, env.platform))?.eventId).toBe(ids[199]);
  });

  it('never has two queries in flight for one record, so an older fetch cannot land last', async () => {
    const ids = bigIds(40);
    const arlo = new FakePlatformEvents(300); // Slow answers: batches overlap in time.
    // Four records, ten events each, interleaved.
    ids.forEach((id, i) => arlo.add(updatedEvent(id, contact(String(1 + (i % 4)), '2024-05-01T10:00:00Z'))));
    const env = pullTestEnv(stack, arlo, { ARLO_EVENT_QUERY_BATCH_SIZE: '3' });

    await env.run(async () => {
      await Promise.all(ids.map((id, i) => env.start(webhookEvent(id, String(1 + (i % 4))))));
      await Promise.all(ids.map((id) => env.result(id)));
    });

    expect(arlo.queries.flat()).toHaveLength(40);
    expect(arlo.maxQueriesPerResource).toBe(1);
  });

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
      await Promise.all(ids.map((id, i) => env.start(webhookEvent(id, String(1 + (i % 50))))));
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
      await Promise.all(ids.map((id) => env.start(webhookEvent(id, id.slice(-4)))));
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
