/**
 * syncArloEvent (the per-event workflow) end to end on the real Temporal server and MongoDB, with real activities and the
 * real coalescer and batch workflows; only Arlo is a fake that counts requests.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ApplicationFailure } from '@temporalio/common';

import { ArloRateLimitedError, ArloServerError, ArloUnauthorisedError } from '../../src/arlo';
import { FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE } from '../../src/domain/event-fetch';
import { PROCESS_ARLO_EVENT_WORKFLOW_TYPE } from '../../src/domain/process-event-input';
import { findEntity } from '../../src/store/entity-mirror';
import { collections } from '../../src/store/collections';
import { readWatermark } from '../../src/store/watermarks';
import {
  BIG_EVENT_ID_BASE,
  FakePlatformEvents,
  contact,
  updatedEvent,
} from '../helpers/fake-platform-events';
import { openPullTestStack, pullTestEnv, webhookEvent, type PullTestStack } from '../helpers/pull-test-env';

let stack: PullTestStack;
beforeAll(async () => (stack = await openPullTestStack()));
afterAll(async () => stack.close());

const ledger = (platform: string) =>
  collections(stack.mongo.db).processedEvents.find({ platform }).sort({ eventIdSortable: 1 }).toArray();

/** The platform's batch workflows, once each has completed. */
async function completedBatchWorkflows(platform: string): Promise<string[]> {
  const query = `WorkflowType = '${FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE}' AND ArloPlatform = '${platform}'`;
  const ids: string[] = [];
  for await (const batch of stack.client.workflow.list({ query })) ids.push(batch.workflowId);
  await Promise.all(ids.map((id) => stack.client.workflow.getHandle(id).result()));
  return ids;
}

/** IDs base+0 … base+n-1 as decimal strings (above 2^53). */
const bigIds = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => (BIG_EVENT_ID_BASE + BigInt(offset + i)).toString());

describe('syncArloEvent', () => {
  it('turns one 10-event callback into exactly ONE PlatformEvents query and mirrors every record', async () => {
    const arlo = new FakePlatformEvents();
    const ids = bigIds(10);
    ids.forEach((id, i) =>
      arlo.add(updatedEvent(id, contact(String(100 + i), '2024-05-01T10:00:00.1234567Z'))),
    );
    // A batch of exactly ten leaves the moment the tenth request is queued; the long window only makes
    // sure it waits for all ten however far apart they arrive on two shared cores (~1 s seen).
    const env = pullTestEnv(stack, arlo, {
      ARLO_EVENT_QUERY_BATCH_SIZE: '10',
      ARLO_EVENT_BATCH_WINDOW_MS: '10000',
    });

    const results = await env.run(async () => {
      await Promise.all(ids.map((id, i) => env.start(webhookEvent(id, String(100 + i)))));
      return Promise.all(ids.map((id) => env.result(id)));
    });

    expect(arlo.queries).toHaveLength(1);
    expect([...arlo.queries[0]!].sort()).toEqual([...ids].sort());
    expect(results.map((r) => r.outcome)).toEqual(Array(10).fill('inserted'));
    const mirrored = await findEntity(stack.mongo.db, env.platform, 'Contact', '105');
    expect(mirrored).toMatchObject({
      fields: { FirstName: 'First105' },
      deleted: false,
      lastEventId: ids[5],
    });
    expect((await ledger(env.platform)).map((row) => row.eventId)).toEqual(ids);
    expect((await readWatermark(stack.mongo.db, env.platform))?.eventId).toBe(ids[9]);
  });

  it("sends a callback's events as one batch as soon as the last has joined, not after the batch window", async () => {
    const arlo = new FakePlatformEvents();
    const ids = bigIds(3, 900);
    ids.forEach((id, i) => arlo.add(updatedEvent(id, contact(String(900 + i), '2024-05-01T10:00:00Z'))));
    const windowMs = 10_000;
    const env = pullTestEnv(stack, arlo, { ARLO_EVENT_BATCH_WINDOW_MS: String(windowMs) });
    const callback = { id: 'callback-of-three', events: 3 };

    const { results, batchIds } = await env.run(async () => {
      await Promise.all(ids.map((id, i) => env.start(webhookEvent(id, String(900 + i)), callback)));
      const results = await Promise.all(ids.map((id) => env.result(id)));
      // While the workers run: the events were answered by the batch's activity, in this process, and the
      // batch workflow completes a workflow task later (once the workers stop, it would wait for ever).
      return { results, batchIds: await completedBatchWorkflows(env.platform) };
    });

    expect(results.map((r) => r.outcome)).toEqual(Array(3).fill('inserted'));
    expect(arlo.queries).toHaveLength(1);
    expect([...arlo.queries[0]!].sort()).toEqual([...ids].sort());
    // The batch workflow started once the third event joined (src/domain/callback-arrivals.ts), not a
    // window after the first: by Temporal's own start times, well inside the window.
    const startOf = async (workflowId: string) =>
      (await stack.client.workflow.getHandle(workflowId).describe()).startTime.getTime();
    expect(batchIds).toHaveLength(1);
    const lastEventStart = Math.max(...(await Promise.all(ids.map((id) => startOf(env.workflowId(id))))));
    expect((await startOf(batchIds[0]!)) - lastEventStart).toBeLessThan(windowMs / 2);
  });

  it('costs an event at most 9 history events, its batch workflow included, with no timer or signal', async () => {
    const arlo = new FakePlatformEvents();
    const ids = bigIds(10, 500);
    ids.forEach((id, i) => arlo.add(updatedEvent(id, contact(String(300 + i), '2024-05-01T10:00:00Z'))));
    const env = pullTestEnv(stack, arlo, {
      ARLO_EVENT_QUERY_BATCH_SIZE: '10',
      ARLO_EVENT_BATCH_WINDOW_MS: '10000',
    });

    const batchIds = await env.run(async () => {
      await Promise.all(ids.map((id, i) => env.start(webhookEvent(id, String(300 + i)))));
      await Promise.all(ids.map((id) => env.result(id)));
      // The events were answered when the batch's activity handed its outcomes over; the batch workflow
      // completes a workflow task later.
      return completedBatchWorkflows(env.platform);
    });

    const eventTypes = async (workflowId: string) =>
      ((await stack.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).map((e) =>
        String(temporal.api.enums.v1.EventType[e.eventType ?? 0]),
      );
    const perEvent = await Promise.all(ids.map((id) => eventTypes(env.workflowId(id))));
    const batches = await Promise.all(batchIds.map(eventTypes));
    expect(batches).toHaveLength(1);
    for (const history of perEvent) {
      expect(history).toHaveLength(7);
      expect(history.filter((type) => /TIMER|SIGNAL/.test(type))).toEqual([]);
    }
    const total = perEvent.flat().length + batches.flat().length;
    expect(total / ids.length).toBeLessThanOrEqual(9);
  });

  it('answers the events from the batch activity in this process, and by the batch result from another', async () => {
    const arlo = new FakePlatformEvents();
    const ids = bigIds(6, 700);
    ids.forEach((id, i) => arlo.add(updatedEvent(id, contact(String(700 + i), '2024-05-01T10:00:00Z'))));
    const batchOfThree = { ARLO_EVENT_QUERY_BATCH_SIZE: '3', ARLO_EVENT_BATCH_WINDOW_MS: '10000' };
    const here = pullTestEnv(stack, arlo, batchOfThree);
    const apart = pullTestEnv(stack, arlo, batchOfThree, { arloWorkerApart: true });

    const runBatch = (env: typeof here, batchIds: string[], offset: number) =>
      env.run(async () => {
        await Promise.all(batchIds.map((id, i) => env.start(webhookEvent(id, String(700 + offset + i)))));
        const results = await Promise.all(batchIds.map((id) => env.result(id)));
        return { results, batches: await completedBatchWorkflows(env.platform) };
      });
    const sameProcess = await runBatch(here, ids.slice(0, 3), 0);
    const otherProcess = await runBatch(apart, ids.slice(3), 3);

    for (const { results, batches } of [sameProcess, otherProcess]) {
      expect(results.map((r) => r.outcome)).toEqual(['inserted', 'inserted', 'inserted']);
      expect(batches).toHaveLength(1);
    }
    // In one process the activity's outcomes were taken at once; apart, nobody here waited for them and
    // the events got the batch workflow's result.
    expect(here.handoffs.main).toMatchObject({ handedOver: 1, refused: 0, waitingBatches: 0 });
    expect(apart.handoffs.arlo).toMatchObject({ handedOver: 0, refused: 1, waitingBatches: 0 });
    expect(apart.handoffs.main.waitingBatches).toBe(0);
    expect(await ledger(here.platform)).toHaveLength(3);
    expect(await ledger(apart.platform)).toHaveLength(3);
  });

  it('keeps the watermark at the highest event ID (beyond 2^53) when events complete out of order', async () => {
    const arlo = new FakePlatformEvents();
    const ids = bigIds(12, 1000).reverse(); // Highest first: the watermark must not follow the last one.
    ids.forEach((id) => arlo.add(updatedEvent(id, contact('7', '2024-05-01T10:00:00Z'))));
    const env = pullTestEnv(stack, arlo, { ARLO_EVENT_QUERY_BATCH_SIZE: '3' });

    await env.run(async () => {
      for (const id of ids) await env.start(webhookEvent(id, '7'));
      await Promise.all(ids.map((id) => env.result(id)));
    });

    expect((await readWatermark(stack.mongo.db, env.platform))?.eventId).toBe(
      (BIG_EVENT_ID_BASE + 1011n).toString(),
    );
    expect(await ledger(env.platform)).toHaveLength(12);
  });

  it('records an event type it does not handle as ignored, without asking Arlo', async () => {
    const arlo = new FakePlatformEvents();
    const env = pullTestEnv(stack, arlo);
    const event = webhookEvent('501', '9', 'Invoice.Sent');

    const result = await env.run(async () => {
      await env.start(event);
      return env.result(event.id);
    });

    expect(result).toEqual({ eventId: '501', outcome: 'ignored' });
    expect(arlo.queries).toHaveLength(0);
    expect(await ledger(env.platform)).toEqual([
      expect.objectContaining({ eventId: '501', outcome: 'ignored' }),
    ]);
    const description = await stack.client.workflow.getHandle(env.workflowId('501')).describe();
    expect(description.typedSearchAttributes.getAll()).toContainEqual(
      expect.objectContaining({
        key: expect.objectContaining({ name: 'ArloSyncOutcome' }),
        value: 'ignored',
      }),
    );
  });

  it('leaves ArloSyncOutcome unset when the deployment keeps outcomes in the ledger only: 6 history events', async () => {
    const arlo = new FakePlatformEvents().add(updatedEvent('551', contact('55', '2024-05-01T10:00:00Z')));
    const env = pullTestEnv(stack, arlo, { ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE: 'false' });

    const result = await env.run(async () => {
      await env.start(webhookEvent('551', '55'));
      return env.result('551');
    });

    expect(result).toEqual({ eventId: '551', outcome: 'inserted' });
    expect(await ledger(env.platform)).toEqual([
      expect.objectContaining({ eventId: '551', outcome: 'inserted' }),
    ]);
    const handle = stack.client.workflow.getHandle(env.workflowId('551'));
    const history = ((await handle.fetchHistory()).events ?? []).map((e) =>
      String(temporal.api.enums.v1.EventType[e.eventType ?? 0]),
    );
    expect(history).toHaveLength(6);
    expect(history.filter((type) => /SEARCH_ATTRIBUTES|PROPERTIES/.test(type))).toEqual([]);
    const names = (await handle.describe()).typedSearchAttributes.getAll().map((pair) => pair.key.name);
    expect(names).toContain('ArloPlatform'); // Set at the start, as always.
    expect(names).not.toContain('ArloSyncOutcome');
  });

  it('makes a second start and a replay after Temporal forgot the workflow harmless', async () => {
    const arlo = new FakePlatformEvents().add(updatedEvent('601', contact('60', '2024-05-01T10:00:00Z')));
    const env = pullTestEnv(stack, arlo);
    const event = webhookEvent('601', '60');

    const { first, again, replay } = await env.run(async () => {
      const startedTwice = await Promise.all([env.start(event), env.start(event)]);
      const first = await env.result(event.id);
      const again = await env.start(event); // Completed: the reuse policy refuses a second run.
      // Retention over: the same event under a fresh workflow ID stands for a start Temporal allows.
      const replay = await stack.client.workflow.execute(PROCESS_ARLO_EVENT_WORKFLOW_TYPE, {
        workflowId: `${env.workflowId(event.id)}:after-retention`,
        taskQueue: env.config.temporal.taskQueue,
        args: [{ platform: env.platform, event, receivedAt: new Date().toISOString() }],
      });
      expect(startedTwice).toEqual(['started', 'started']);
      return { first, again, replay };
    });

    expect(first.outcome).toBe('inserted');
    expect(again).toBe('already-known');
    expect(replay).toEqual({ eventId: '601', outcome: 'duplicate' });
    // The second start cost nothing. The run after retention is a new run's first try, which its batch
    // does not look up in the ledger first: it asks Arlo again (the mirror's newest-wins write changes
    // nothing), and the ledger's insert, refused, answers "duplicate".
    expect(arlo.queries).toEqual([['601'], ['601']]);
    expect(await ledger(env.platform)).toHaveLength(1);
  });

  it('fails with the typed, non-retryable failure when Arlo refuses for good, and records nothing', async () => {
    const arlo = new FakePlatformEvents()
      .add(updatedEvent('701', contact('70', '2024-05-01T10:00:00Z')))
      .failNext(new ArloUnauthorisedError({ method: 'GET', url: 'https://arlo.test/platformevents/query/' }));
    const env = pullTestEnv(stack, arlo);

    const failure = await env.run(async () => {
      await env.start(webhookEvent('701', '70'));
      return env.result('701').then(
        () => undefined,
        (error: unknown) => error,
      );
    });

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'ArloUnauthorisedError', nonRetryable: true });
    expect((cause as ApplicationFailure).message).toMatch(
      /701 .*401 Unauthorized: check the platform credentials/,
    );
    expect(arlo.queries).toHaveLength(1); // Not retried.
    expect(await ledger(env.platform)).toHaveLength(0);
    expect(await readWatermark(stack.mongo.db, env.platform)).toBeNull();
  });

  it('retries a rate-limited (429) query and a server error, then succeeds', async () => {
    const arlo = new FakePlatformEvents()
      .add(updatedEvent('801', contact('80', '2024-05-01T10:00:00Z')))
      .failNext(new ArloRateLimitedError(undefined, 1000), new ArloServerError(undefined, 503));
    const env = pullTestEnv(stack, arlo);

    const result = await env.run(async () => {
      await env.start(webhookEvent('801', '80'));
      return env.result('801');
    });

    expect(result.outcome).toBe('inserted');
    expect(arlo.queries).toEqual([['801'], ['801'], ['801']]);
  });

  it('tombstones deletions, follows merges, and tells unknown events and vanished resources apart', async () => {
    const survivor = contact('91', '2024-05-01T10:00:00Z');
    const mergeRequest = {
      resourceType: 'ContactMergeRequest',
      id: 'f1d7b698-3c22-45df-9740-066f3594daa0',
      lastModifiedDateTime: '2024-05-01T11:00:00Z',
      fields: { RequestID: 'f1d7b698-3c22-45df-9740-066f3594daa0' },
      links: [],
      related: {},
      nested: {
        SourceContactInfo: [
          { element: 'SourceContactInfo', fields: { ContactID: '90' }, links: [], related: {}, nested: {} },
        ],
        DestinationContactInfo: [
          {
            element: 'DestinationContactInfo',
            fields: { ContactID: '91' },
            links: [],
            related: {},
            nested: {},
          },
        ],
      },
    };
    const arlo = new FakePlatformEvents().add(
      updatedEvent('901', contact('90', '2024-05-01T09:00:00Z')),
      updatedEvent('902', survivor),
      updatedEvent('903', mergeRequest),
      { id: '904', action: 'Deleted', resourceType: 'Contact', resourceId: '92' },
      { id: '905', action: 'Updated', resourceType: 'Contact', resourceId: '93' }, // No current state.
      // 906 is unknown to Arlo (older than its retention).
    );
    const env = pullTestEnv(stack, arlo, { ARLO_EVENT_BATCH_WINDOW_MS: '2000' });
    const events = [
      webhookEvent('901', '90'),
      webhookEvent('902', '91'),
      webhookEvent('903', mergeRequest.id, 'ContactMergeRequest.Created'),
      webhookEvent('904', '92', 'Contact.Deleted'),
      webhookEvent('905', '93'),
      webhookEvent('906', '94'),
    ];

    // First the two contacts, so the merge has a mirrored source to point from.
    const outcomes = await env.run(async () => {
      await Promise.all(events.slice(0, 2).map((e) => env.start(e)));
      await Promise.all(events.slice(0, 2).map((e) => env.result(e.id)));
      await Promise.all(events.slice(2).map((e) => env.start(e)));
      return Promise.all(events.map((e) => env.result(e.id).then((r) => r.outcome)));
    });

    expect(outcomes).toEqual([
      'inserted',
      'inserted',
      'merged',
      'tombstoned',
      'resource-gone',
      'event-not-found',
    ]);
    const db = stack.mongo.db;
    expect(await findEntity(db, env.platform, 'Contact', '90')).toMatchObject({ mergedInto: '91' });
    expect(await findEntity(db, env.platform, 'ContactMergeRequest', mergeRequest.id)).toMatchObject({
      deleted: false,
    });
    expect(await findEntity(db, env.platform, 'Contact', '92')).toMatchObject({
      deleted: true,
      lastEventId: '904',
    });
    expect(await findEntity(db, env.platform, 'Contact', '93')).toBeNull();
    expect(await ledger(env.platform)).toHaveLength(6);
  });
});
