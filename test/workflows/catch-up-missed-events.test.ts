/**
 * The missed-event catch-up on the real Temporal server and MongoDB, with a fake Arlo PlatformEvents
 * collection: it finds exactly the events the ledger lacks, has them processed through the normal
 * per-event workflow, and resumes from its checkpoint.
 */
import type { CatchUpMissedEventsInput, CatchUpMissedEventsResult } from '../../src/domain/catch-up';
import { workflowIds } from '../../src/domain/workflow-ids';
import { readCatchUpCheckpoint } from '../../src/store/catch-up-checkpoints';
import { collections } from '../../src/store/collections';
import { recordProcessedEvent } from '../../src/store/processed-events';
import {
  BIG_EVENT_ID_BASE,
  FakePlatformEvents,
  contact,
  updatedEvent,
} from '../helpers/fake-platform-events';
import { openPullTestStack, pullTestEnv, type PullTestStack } from '../helpers/pull-test-env';
import { uniqueName } from '../helpers/test-stack';

let stack: PullTestStack;
beforeAll(async () => (stack = await openPullTestStack()));
afterAll(async () => stack.close());

describe('catchUpMissedEvents', () => {
  it('starts the per-event workflow for every event the ledger lacks, then resumes after its checkpoint', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => (BIG_EVENT_ID_BASE + BigInt(i * 3)).toString());
    const arlo = new FakePlatformEvents();
    ids.forEach((id, i) => arlo.add(updatedEvent(id, contact(String(300 + i), '2024-05-01T10:00:00Z'))));
    const env = pullTestEnv(stack, arlo);
    // Every third event arrived by webhook and is in the ledger already.
    const delivered = ids.filter((_, i) => i % 3 === 0);
    for (const id of delivered) {
      await recordProcessedEvent(stack.mongo.db, env.platform, {
        eventId: id,
        type: 'Contact.Updated',
        resourceType: 'Contact',
        resourceId: 'x',
        outcome: 'updated',
      });
    }
    const missed = ids.filter((id) => !delivered.includes(id));
    const input: CatchUpMissedEventsInput = {
      platform: env.platform,
      arloTaskQueue: env.config.temporal.arloTaskQueue,
      pageSize: 8,
    };
    const catchUp = () =>
      stack.client.workflow.execute<(i: CatchUpMissedEventsInput) => Promise<CatchUpMissedEventsResult>>(
        'catchUpMissedEvents',
        {
          workflowId: uniqueName(workflowIds.catchUp(env.platform)),
          taskQueue: env.config.temporal.taskQueue,
          args: [input],
        },
      );

    const { first, outcomes, second } = await env.run(async () => {
      const first = await catchUp();
      const outcomes = await Promise.all(missed.map((id) => env.result(id).then((r) => r.outcome)));
      const second = await catchUp();
      return { first, outcomes, second };
    });

    expect(first).toMatchObject({
      platform: env.platform,
      pagesRead: 4, // 30 events, 8 a page.
      eventsSeen: 30,
      missedCount: 20,
      missedEventIds: missed,
      started: 20,
      alreadyKnown: 0,
      afterEventId: ids[29],
    });
    expect(outcomes).toEqual(Array(20).fill('inserted'));
    const ledgered = await collections(stack.mongo.db).processedEvents.countDocuments({
      platform: env.platform,
    });
    expect(ledgered).toBe(30);
    expect(await readCatchUpCheckpoint(stack.mongo.db, env.platform)).toBe(ids[29]);

    expect(second).toMatchObject({ pagesRead: 1, eventsSeen: 0, missedCount: 0, afterEventId: ids[29] });
    expect(arlo.listings.at(-1)).toEqual({ filter: `ID gt ${ids[29]}`, orderby: 'ID ASC', skip: 0, top: 8 });
    expect(arlo.listings[0]).toEqual({ orderby: 'ID ASC', skip: 0, top: 8 }); // No checkpoint yet: from the start.
  });
});
