/**
 * A push that reaches the push workflow in the same workflow task as the end of its idle wait: the
 * workflow must serve it before closing. (Before this was handled, the update's handler waited for an
 * answer the finished loop would never give: the caller got a 202, the record was never written.)
 *
 * Made deterministic on the real Temporal dev server: the worker is stopped while the idle timer fires,
 * the push is sent meanwhile, and a new worker then receives the timer and the push in ONE workflow task.
 */
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';

import { createPushActivities, createPushArloActivities } from '../../activities/push';
import type { Config } from '../../src/config';
import {
  PUSH_UPDATE_NAME,
  PUSH_WORKFLOW_TYPE,
  type PushOutcome,
  type PushRecordInput,
  type PushRequest,
} from '../../src/domain/push-messages';
import { workflowIds } from '../../src/domain/workflow-ids';
import type { MongoConnection } from '../../src/store/mongo';
import { FakePushArlo } from '../helpers/fake-push-arlo';
import { testClient, testConfig, testMongo, testWorker, uniqueName } from '../helpers/test-stack';

const PLATFORM = 'fake.arlo.test';
const IDLE_MS = 1_000;
let config: Config;
let client: Client;
let mongo: MongoConnection;
let arlo: FakePushArlo;
let arloWorker: Worker;
let arloRunning: Promise<unknown>;

beforeAll(async () => {
  const base = testConfig();
  config = {
    ...base,
    temporal: { ...base.temporal, taskQueue: uniqueName('idle'), arloTaskQueue: uniqueName('idle-arlo') },
  };
  client = await testClient(config);
  mongo = await testMongo(config);
  arlo = new FakePushArlo();
  arloWorker = await testWorker(
    { taskQueue: config.temporal.arloTaskQueue, activities: createPushArloActivities(pushDeps()) },
    config,
  );
  arloRunning = arloWorker.run();
}, 60_000);

afterAll(async () => {
  arloWorker.shutdown();
  await arloRunning;
  await client.connection.close();
  await mongo.close();
}, 60_000);

function pushDeps() {
  return { db: mongo.db, pushPlatform: () => ({ client: arlo.client, vendorId: 'arlo-sync' }) };
}

function mainWorker(): Promise<Worker> {
  return testWorker(
    {
      taskQueue: config.temporal.taskQueue,
      workflowsPath: require.resolve('../../workflows'),
      activities: createPushActivities(pushDeps()),
    },
    config,
  );
}

const contact = (lastName: string): PushRequest => ({
  desired: { fields: { FirstName: 'Idle', LastName: lastName } },
});

/** The outcome, or a clear failure when none comes in `ms` (the workflow would otherwise hang the test). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<T>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${ms} ms: the push was never served`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('pushRecord closing after its idle wait', () => {
  it('serves a push that arrives in the same workflow task as the idle timer', async () => {
    const externalId = uniqueName('IDLE');
    const input: PushRecordInput = {
      platform: PLATFORM,
      resourceType: 'Contact',
      externalId,
      arloTaskQueue: config.temporal.arloTaskQueue,
      idleBeforeClosingMs: IDLE_MS,
    };
    const handle = await client.workflow.start(PUSH_WORKFLOW_TYPE, {
      workflowId: workflowIds.push(PLATFORM, 'Contact', externalId),
      taskQueue: config.temporal.taskQueue,
      args: [input],
    });

    let worker = await mainWorker();
    let running = worker.run();
    const created = await handle.executeUpdate<PushOutcome, [PushRequest]>(PUSH_UPDATE_NAME, {
      args: [contact('First')],
    });
    expect(created).toMatchObject({ outcome: 'created' });
    worker.shutdown();
    await running;

    // No worker: the idle timer fires on the server, its workflow task waits for a worker.
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 3));
    const second = handle.executeUpdate<PushOutcome, [PushRequest]>(PUSH_UPDATE_NAME, {
      args: [contact('Second')],
    });
    // Let the server admit the update before a worker polls, so the task carries both.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    worker = await mainWorker();
    running = worker.run();
    try {
      expect(await within(30_000, second)).toMatchObject({ outcome: 'patched' });
      const arloId = (created as { arloId: string }).arloId;
      expect(arlo.get('Contact', arloId).fields.LastName).toBe('Second');
      // Then it closes after its idle wait, as before.
      await within(30_000, handle.result());
    } finally {
      worker.shutdown();
      await running;
    }
  });
});
