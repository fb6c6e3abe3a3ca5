/**
 * The per-event local activity run again by the same workflow run, as happens when the event's workflow
 * task times out on a busy worker after the activity did its work: the re-run must answer what the first
 * run recorded (not "duplicate") and must not query Arlo again. A different run of the same event (a
 * redelivery after Temporal forgot the workflow) is "duplicate". Real Temporal (the batch workflow on the
 * Arlo queue), real MongoDB-protocol store, a fake Arlo that counts queries.
 */
import { MockActivityEnvironment } from '@temporalio/testing';

import { collections } from '../../src/store/collections';
import { FakePlatformEvents, contact, updatedEvent } from '../helpers/fake-platform-events';
import { openPullTestStack, pullTestEnv, type PullTestStack } from '../helpers/pull-test-env';

let stack: PullTestStack;
beforeAll(async () => (stack = await openPullTestStack()));
afterAll(async () => stack.close());

const EVENT_ID = '7100';

function inRun(runId: string) {
  return new MockActivityEnvironment({
    workflowExecution: { workflowId: `arlo-event:test:${EVENT_ID}`, runId },
  });
}

describe('fetchMirrorAndRecordEvent run again by its own workflow run', () => {
  it('answers the recorded outcome to a re-run of the same run, and "duplicate" to another run', async () => {
    const arlo = new FakePlatformEvents();
    arlo.add(updatedEvent(EVENT_ID, contact('71', '2024-05-01T10:00:00Z')));
    const env = pullTestEnv(stack, arlo, { ARLO_EVENT_BATCH_WINDOW_MS: '0' });
    const work = {
      platform: env.platform,
      event: { id: EVENT_ID, type: 'Contact.Updated', resourceType: 'Contact', resourceId: '71' },
    };
    const activity = env.activities.fetchMirrorAndRecordEvent;

    const [first, rerun, otherRun] = await env.run(async () => [
      await inRun('run-1').run(activity, work),
      await inRun('run-1').run(activity, work),
      await inRun('run-2').run(activity, work),
    ]);

    expect(first).toEqual({ status: 'done', outcome: 'inserted', searchable: true });
    expect(rerun).toEqual({ status: 'done', outcome: 'inserted', searchable: true });
    expect(otherRun).toEqual({ status: 'done', outcome: 'duplicate', searchable: true });
    expect(arlo.queries).toEqual([[EVENT_ID]]);
    expect(
      await collections(stack.mongo.db).processedEvents.findOne({
        platform: env.platform,
        eventId: EVENT_ID,
      }),
    ).toMatchObject({ outcome: 'inserted', recordedByRun: 'run-1' });
  });

  it('costs no second query when the re-run starts before the first run recorded the event', async () => {
    const arlo = new FakePlatformEvents(300); // Slow answers: the re-run joins while the fetch runs.
    arlo.add(updatedEvent(EVENT_ID, contact('72', '2024-05-01T10:00:00Z')));
    const env = pullTestEnv(stack, arlo, { ARLO_EVENT_BATCH_WINDOW_MS: '0' });
    const work = {
      platform: env.platform,
      event: { id: EVENT_ID, type: 'Contact.Updated', resourceType: 'Contact', resourceId: '72' },
    };
    const activity = env.activities.fetchMirrorAndRecordEvent;

    const answers = await env.run(() =>
      Promise.all([inRun('run-1').run(activity, work), inRun('run-1').run(activity, work)]),
    );

    expect(answers).toEqual([
      { status: 'done', outcome: 'inserted', searchable: true },
      { status: 'done', outcome: 'inserted', searchable: true },
    ]);
    expect(arlo.queries).toEqual([[EVENT_ID]]);
    expect(await collections(stack.mongo.db).processedEvents.countDocuments({ platform: env.platform })).toBe(
      1,
    );
  });
});
