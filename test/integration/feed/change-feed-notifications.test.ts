/**
 * Signed notifications end to end, every part real: the worker's delivery workflow posts the change feed
 * to a loopback consumer that answers 503, drops the connection or answers too late (after processing)
 * at random. The consumer ends with exactly the simulator's truth, every delivery verifies by the Standard
 * Webhooks algorithm (implemented independently in the test helper), batches chain in order, a retry
 * carries the same `webhook-id`, the operator sees the failures in the workflow's state, and a tampered
 * delivery fails `verifyNotification`.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { WorkflowHandle } from '@temporalio/client';

import type { FeedChange } from '../../../src/domain/change-feed';
import {
  FEED_DELIVERY_QUERY,
  feedDeliveryWorkflowId,
  type FeedDeliveryState,
} from '../../../src/domain/feed-delivery';
import { BULK_RESOURCE_TYPES } from '../../../src/domain/resource-types';
import { checkFeedDelivery, runningFeedConsumers } from '../../../src/doctor/feed-checks';
import { readAllocatedHint } from '../../../src/store/feed/feed-positions';
import { NotificationVerificationError, verifyNotification } from '../../../src/feed';
import { readChangeFeed } from '../../../src/store/feed/feed-reader';
import { startBulkWalk } from '../../../src/temporal/bulk-walks';
import { ConsumerStore, seededRandom } from '../../helpers/feed-consumer';
import {
  startLoopbackServer,
  type LoopbackServer,
  type RecordedRequest,
} from '../../helpers/loopback-server';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';
import { verifiesByTheSpec } from '../../helpers/standard-webhooks-check';

jest.setTimeout(480_000);

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const CONSUMER = 'crm';

let e2e: PullE2E;
let endpoint: LoopbackServer;
const store = new ConsumerStore();
const accepted = new Set<string>();
const faults = { unavailable: 0, dropped: 0, late: 0 };
const problems: string[] = [];
const random = seededRandom(1818);

/** The consumer: verifies, skips a retry of a batch it already processed, applies the rest in order. */
async function consume(request: RecordedRequest, response: ServerResponse): Promise<void> {
  if (!verifiesByTheSpec(SECRET, request.headers, request.body))
    problems.push('a delivery failed the spec check');
  const id = String(request.headers['webhook-id']);
  // The first three requests meet each fault once for sure; then they come at random.
  const roll = [0.1, 0.2, 0.3][endpoint.requests.length - 1] ?? random();
  if (roll < 0.15) {
    faults.unavailable += 1;
    response.writeHead(503).end();
    return;
  }
  if (roll < 0.25) {
    // The connection drops before any answer.
    faults.dropped += 1;
    response.socket?.destroy();
    return;
  }
  if (!accepted.has(id)) {
    const notification = verifyNotification({ secret: SECRET, headers: request.headers, body: request.body });
    if (notification.type === 'arlo.changes') {
      if (notification.data.after !== store.cursor) {
        problems.push(`batch ${id} follows ${notification.data.after}, the consumer is at ${store.cursor}`);
      }
      notification.data.changes.forEach((change: FeedChange) => store.apply(change));
      store.commit(notification.data.next);
    }
    accepted.add(id);
  }
  if (roll < 0.32) {
    // Processed, but the answer comes after arlo-sync stopped waiting: it must send this batch again.
    faults.late += 1;
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
  response.writeHead(204).end();
}

function delivery(): WorkflowHandle {
  return e2e.client.workflow.getHandle(feedDeliveryWorkflowId(CONSUMER, e2e.platform));
}

beforeAll(async () => {
  endpoint = await startLoopbackServer(consume);
  e2e = await startPullE2E({
    knobs: { webhooks: { deliverDeletedEvents: true, duplicateRate: 0.3, reorderRate: 0.5, dropRate: 0.2 } },
    env: {
      CONSUMER_NAME: CONSUMER,
      CONSUMER_WEBHOOK_URL: `${endpoint.origin}/arlo/changes`,
      CONSUMER_WEBHOOK_SECRET: SECRET,
      CONSUMER_WEBHOOK_TIMEOUT_MS: '1000',
      CONSUMER_WEBHOOK_BATCH_SIZE: '5',
    },
  });
});
afterAll(async () => {
  await delivery()
    .terminate('test finished')
    .catch(() => undefined);
  await e2e?.close();
  await endpoint?.close();
});

describe('signed notifications to a consumer that fails, times out and drops connections', () => {
  it('delivers every change in order until the consumer holds exactly the truth', async () => {
    const { control } = e2e.sim;
    await control.seed({ counts: { Organisation: 10, Contact: 30, Event: 3, Registration: 15, Order: 8 } });
    await control.userEdits(50);
    const walks = await Promise.all(
      BULK_RESOURCE_TYPES.map((resourceType) =>
        startBulkWalk(e2e.client, e2e.config, { platform: e2e.platform, resourceType }),
      ),
    );
    await control.userEdits(20);
    await Promise.all(walks.map(({ handle }) => handle.result()));
    await control.waitForWebhooksIdle(90_000);
    await e2e.runCatchUp();
    await e2e.waitUntilProcessed({ delivered: false });

    const end = await feedEnd();
    const deadline = Date.now() + 240_000;
    while (Number(store.cursor) < end) {
      if (Date.now() > deadline) throw new Error(`the consumer reached ${store.cursor} of ${end} in 240 s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    expect(problems).toEqual([]);
    expect(store.violations).toEqual([]);
    const { compared, differences } = await store.compareWithTruth(control);
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(66);
    expect(Math.min(faults.unavailable, faults.dropped, faults.late)).toBeGreaterThan(0);

    // A batch is retried with the same webhook-id; ids of different batches differ.
    const ids = endpoint.requests.map((r) => String(r.headers['webhook-id']));
    expect(new Set(ids).size).toBeLessThan(ids.length);
    expect(new Set(ids).size).toBe(accepted.size);

    const state = await delivery().query<FeedDeliveryState>(FEED_DELIVERY_QUERY);
    expect(state).toMatchObject({ consumer: CONSUMER, platform: e2e.platform, cursor: store.cursor });
    expect(state.lastError).toBeDefined(); // The operator sees what went wrong, e.g. "answered 503".
    process.stderr.write(
      `[notifications e2e] ${store.positions.size} changes in ${accepted.size} notifications, ` +
        `${endpoint.requests.length} requests, faults ${JSON.stringify(faults)}, last error: ${state.lastError}\n`,
    );
  });

  it('refuses a tampered delivery in verifyNotification', () => {
    const real = endpoint.requests.find((r) => String(r.headers['webhook-id']).length > 0);
    if (!real) throw new Error('no delivery recorded');
    expect(verifyNotification({ secret: SECRET, headers: real.headers, body: real.body }).type).toBe(
      'arlo.changes',
    );
    const tampered = real.body.replace('"resourceId":"', '"resourceId":"9');
    expect(tampered).not.toBe(real.body);
    expect(() => verifyNotification({ secret: SECRET, headers: real.headers, body: tampered })).toThrow(
      NotificationVerificationError,
    );
    expect(verifiesByTheSpec(SECRET, real.headers, tampered)).toBe(false);
  });
});

describe('what an operator sees', () => {
  it('doctor says the delivery is fine when it is, and why not when the consumer keeps failing', async () => {
    const fine = await checkFeedDelivery(e2e.client, CONSUMER, e2e.platform, new Date());
    expect(fine).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining(`cursor ${store.cursor}`) as unknown,
    });

    endpoint.handle((_request, response) => void response.writeHead(503).end());
    await e2e.sim.control.userEdits(3);
    const deadline = Date.now() + 120_000;
    let state = await delivery().query<FeedDeliveryState>(FEED_DELIVERY_QUERY);
    while (state.status !== 'failing' || state.failures < 2) {
      if (Date.now() > deadline)
        throw new Error(`the delivery never reported failing: ${JSON.stringify(state)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      state = await delivery().query<FeedDeliveryState>(FEED_DELIVERY_QUERY);
    }
    const failing = await checkFeedDelivery(e2e.client, CONSUMER, e2e.platform, new Date());
    expect(failing).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/failed attempts in a row, last: the consumer answered 503/) as unknown,
    });
    // The workflow's lag is from its last look; given the feed's head, doctor counts the edits since.
    const head = await readAllocatedHint(e2e.mongo.db, e2e.platform);
    expect(head - Number(state.cursor)).toBeGreaterThanOrEqual(3);
    const live = await checkFeedDelivery(e2e.client, CONSUMER, e2e.platform, new Date(), head);
    expect(live.detail).toContain(`cursor ${state.cursor}, ${head - Number(state.cursor)} behind`);
    const description = await delivery().describe();
    expect(description.memo?.feedDelivery).toMatchObject({ status: 'failing', cursor: state.cursor });

    const unknown = await checkFeedDelivery(e2e.client, 'nobody', e2e.platform, new Date());
    expect(unknown).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^no workflow/) as unknown,
    });
  });

  it('doctor finds the running deliveries in Temporal, so a shell without the consumers configured checks them', async () => {
    expect(await runningFeedConsumers(e2e.client, e2e.platform)).toEqual([CONSUMER]);
    expect(await runningFeedConsumers(e2e.client, 'elsewhere.arlo.co')).toEqual([]);
  });
});

/** The last position of the platform's feed once everything is written. */
async function feedEnd(): Promise<number> {
  let cursor = 0;
  for (;;) {
    const page = await readChangeFeed(e2e.mongo.db, e2e.platform, { after: cursor, limit: 1000 });
    if (page.next === cursor) return cursor;
    cursor = page.next;
  }
}
