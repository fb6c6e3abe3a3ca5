/**
 * The receiver against the REAL Temporal server of the test harness, over real HTTP on 127.0.0.1:
 * accepted callbacks leave one workflow per event with the right ID, search attributes and input;
 * redeliveries leave it at one execution; every rejection starts nothing; an unreachable Temporal
 * answers 503 in time. No worker runs (except where a completed execution is needed), so started
 * workflows stay open on a task queue of their own and are terminated at the end.
 */
import { Client, Connection, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import pino from 'pino';
import { Registry } from 'prom-client';

import type { Config } from '../../../src/config';
import type { ArloEvent } from '../../../src/domain/arlo-event';
import {
  PROCESS_ARLO_EVENT_WORKFLOW_TYPE,
  type ProcessArloEventInput,
} from '../../../src/domain/process-event-input';
import { searchAttributes } from '../../../src/domain/search-attributes';
import { workflowIds } from '../../../src/domain/workflow-ids';
import { findFreePort } from '../../../src/devstack/free-port';
import { createApp } from '../../../src/http/app';
import type { ReadinessChecker } from '../../../src/http/readiness';
import { trackTemporalCalls } from '../../../src/http/temporal-calls';
import { computeArloSignature, decodeWebhookKey } from '../../../src/http/webhook-signature';
import {
  contactEvent,
  post,
  signedCallback,
  testWebhookKey,
  type CallbackRequest,
} from '../../helpers/arlo-callback';
import { listen, type ListeningApp } from '../../helpers/listening-app';
import { testClient, testConfig, testWorker, uniqueName } from '../../helpers/test-stack';

// The integration project's testTimeout is not applied when both jest projects run together.
jest.setTimeout(60_000);

const PLATFORM = 'demo.arlo.co';
const KEY = testWebhookKey('integration-current');
const ROTATED_KEY = testWebhookKey('integration-next');
const WRONG_KEY = testWebhookKey('integration-wrong');
const MAX_BODY_BYTES = 8192;

const alwaysReady: ReadinessChecker = {
  check: () => Promise.resolve({ ready: true, dependencies: {} }),
};

function receiverConfig(base: Config, taskQueue: string): Config {
  return {
    ...base,
    temporal: { ...base.temporal, taskQueue },
    receiver: { ...base.receiver, port: 0, maxBodyBytes: MAX_BODY_BYTES },
    platforms: [
      {
        name: PLATFORM,
        baseUrl: 'https://demo.arlo.co/api/2012-02-01/auth/resources/',
        credentials: { kind: 'basic', username: 'u', password: 'p' },
        webhookKeys: [KEY, ROTATED_KEY],
        vendorId: 'arlo-sync',
      },
    ],
  };
}

const taskQueue = uniqueName('receiver');
let config: Config;
let client: Client;
let server: ListeningApp;
let webhookUrl: string;
const startedIds = new Set<string>();

function idOf(event: ArloEvent): string {
  return workflowIds.processEvent(PLATFORM, event.id);
}

async function postRecorded(
  request: CallbackRequest,
  events: readonly ArloEvent[],
  url = webhookUrl,
): Promise<Response> {
  for (const event of events) startedIds.add(idOf(event));
  return post(url, request);
}

async function expectNoWorkflow(events: readonly ArloEvent[]): Promise<void> {
  for (const event of events) {
    await expect(client.workflow.getHandle(idOf(event)).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  }
}

async function startInput(handle: WorkflowHandle): Promise<ProcessArloEventInput> {
  const history = await handle.fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return defaultPayloadConverter.fromPayload(payload!);
}

beforeAll(async () => {
  config = receiverConfig(testConfig(), taskQueue);
  client = await testClient(config);
  server = await listen(
    createApp({
      config,
      temporal: client,
      readiness: alwaysReady,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
    }),
  );
  webhookUrl = `${server.url}${config.receiver.webhookPath}`;
});

afterAll(async () => {
  await server.close();
  await Promise.allSettled(
    [...startedIds].map((id) => client.workflow.getHandle(id).terminate('receiver test cleanup')),
  );
  await client.connection.close();
});

describe('a verified callback', () => {
  it('starts one workflow per event, with ID, type, queue, search attributes and input', async () => {
    const events = [
      contactEvent(),
      contactEvent({ type: 'Organisation.Updated', resourceType: 'Organisation' }),
      contactEvent({
        type: 'OrganisationMergeRequest.Created',
        resourceType: 'OrganisationMergeRequest',
        resourceId: 'f1d7b698-3c22-45df-9740-066f3594daa0',
      }),
      contactEvent({ type: 'Invoice.Voided', resourceType: 'Invoice' }),
    ];
    const started = Date.now();
    const response = await postRecorded(
      signedCallback(events, { platform: PLATFORM, keyBase64: KEY }),
      events,
    );
    expect(response.status).toBe(200);
    const answeredMs = Date.now() - started;

    for (const event of events) {
      const handle = client.workflow.getHandle(idOf(event));
      const description = await handle.describe();
      expect(description.type).toBe(PROCESS_ARLO_EVENT_WORKFLOW_TYPE);
      expect(description.taskQueue).toBe(taskQueue);
      expect(description.status.name).toBe('RUNNING');
      const attributes = description.typedSearchAttributes;
      expect(attributes.get(searchAttributes.platform)).toBe(PLATFORM);
      expect(attributes.get(searchAttributes.resourceType)).toBe(event.resourceType);
      expect(attributes.get(searchAttributes.resourceId)).toBe(event.resourceId);
      expect(attributes.get(searchAttributes.eventType)).toBe(event.type);
      expect(attributes.get(searchAttributes.eventId)).toBe(event.id);

      const input = await startInput(handle);
      expect(input.platform).toBe(PLATFORM);
      // Above 2^53 and still exact through JSON, HTTP and Temporal's payload converter.
      expect(input.event).toEqual(event);
      expect(BigInt(input.event.id)).toBeGreaterThan(2n ** 53n);
      expect(Number.isNaN(Date.parse(input.receivedAt))).toBe(false);
    }
    process.stderr.write(
      `[receiver] 4-event callback acknowledged in ${answeredMs} ms against real Temporal\n`,
    );
  });

  it('accepts the rotated key as well', async () => {
    const events = [contactEvent()];
    const response = await postRecorded(
      signedCallback(events, { platform: PLATFORM, keyBase64: ROTATED_KEY }),
      events,
    );
    expect(response.status).toBe(200);
    expect((await client.workflow.getHandle(idOf(events[0]!)).describe()).status.name).toBe('RUNNING');
  });

  it('is harmless when redelivered while its workflows still run: 2xx, still one execution each', async () => {
    const events = [contactEvent(), contactEvent()];
    const request = signedCallback(events, { platform: PLATFORM, keyBase64: KEY });
    expect((await postRecorded(request, events)).status).toBe(200);
    const runIds = await Promise.all(
      events.map(async (e) => (await client.workflow.getHandle(idOf(e)).describe()).runId),
    );

    expect((await post(webhookUrl, request)).status).toBe(200);
    expect((await post(webhookUrl, request)).status).toBe(200);
    for (const [index, event] of events.entries()) {
      const description = await client.workflow.getHandle(idOf(event)).describe();
      expect(description.runId).toBe(runIds[index]);
      expect(await visibleRuns(idOf(event))).toBe(1);
    }
  });

  it('is a no-op when redelivered after its workflow completed', async () => {
    const completedQueue = uniqueName('receiver-completed');
    const completedApp = await listen(
      createApp({
        config: receiverConfig(testConfig(), completedQueue),
        temporal: client,
        readiness: alwaysReady,
        logger: pino({ level: 'silent' }),
        registry: new Registry(),
      }),
    );
    try {
      const event = contactEvent();
      const request = signedCallback([event], { platform: PLATFORM, keyBase64: KEY });
      const handle = client.workflow.getHandle(idOf(event));
      const worker = await testWorker({
        taskQueue: completedQueue,
        workflowsPath: require.resolve('../../fixtures/workflows/process-arlo-event-stub'),
      });
      await worker.runUntil(async () => {
        expect((await post(`${completedApp.url}/webhooks/arlo`, request)).status).toBe(200);
        expect(await handle.result()).toBe(event.id);
      });
      const { runId } = await handle.describe();

      const again = await post(`${completedApp.url}/webhooks/arlo`, request);
      expect(again.status).toBe(200);
      const description = await handle.describe();
      expect(description.runId).toBe(runId);
      expect(description.status.name).toBe('COMPLETED');
    } finally {
      await completedApp.close();
    }
  });
});

describe('a callback that fails validation starts no workflow', () => {
  const signed = (events: ArloEvent[], keyBase64 = KEY) =>
    signedCallback(events, { platform: PLATFORM, keyBase64 });

  async function expectRejected(
    request: CallbackRequest,
    events: ArloEvent[],
    status: number,
  ): Promise<void> {
    const response = await postRecorded(request, events);
    expect(response.status).toBe(status);
    await expectNoWorkflow(events);
  }

  it('with the webhooks.txt example signature but another body → 401', async () => {
    const events = [contactEvent()];
    const request = signed(events);
    await expectRejected(
      { ...request, body: String(request.body).replace('Contact', 'Contacts') },
      events,
      401,
    );
  });

  it('with an altered signature, or one changed only in case → 401', async () => {
    const events = [contactEvent()];
    const request = signed(events);
    const signature = request.headers['X-Arlo-Signature']!;
    const swapped = signature.replace(/[a-z]/, (c) => c.toUpperCase());
    await expectRejected(
      { ...request, headers: { ...request.headers, 'X-Arlo-Signature': swapped } },
      events,
      401,
    );
    const cut = signature.slice(0, -4);
    await expectRejected(
      { ...request, headers: { ...request.headers, 'X-Arlo-Signature': cut } },
      events,
      401,
    );
  });

  it('signed with a wrong key → 401', async () => {
    const events = [contactEvent()];
    await expectRejected(signed(events, WRONG_KEY), events, 401);
  });

  it('for a wrong or missing platform, or without a signature header → 401', async () => {
    const events = [contactEvent()];
    const request = signed(events);
    await expectRejected(
      { ...request, headers: { ...request.headers, 'X-Arlo-Platform': 'other.arlo.co' } },
      events,
      401,
    );
    const { 'X-Arlo-Platform': _platform, ...withoutPlatform } = request.headers;
    await expectRejected({ ...request, headers: withoutPlatform }, events, 401);
    const { 'X-Arlo-Signature': _signature, ...withoutSignature } = request.headers;
    await expectRejected({ ...request, headers: withoutSignature }, events, 401);
  });

  it('oversized → 413', async () => {
    const events = Array.from({ length: 60 }, () => contactEvent());
    const request = signed(events);
    expect(Buffer.byteLength(request.body)).toBeGreaterThan(MAX_BODY_BYTES);
    await expectRejected(request, events, 413);
  });

  it('malformed: a numeric ID, a missing field → 400', async () => {
    const events = [contactEvent()];
    const numeric = JSON.stringify({ events: [{ ...events[0], id: Number(events[0]!.id) }] });
    const reSigned = signedCallbackFor(numeric);
    await expectRejected(reSigned, events, 400);
    const { type: _type, ...withoutType } = events[0]!;
    await expectRejected(signedCallbackFor(JSON.stringify({ events: [withoutType] })), events, 400);
  });

  it('not JSON by Content-Type → 415', async () => {
    const events = [contactEvent()];
    const request = signed(events);
    await expectRejected(
      { ...request, headers: { ...request.headers, 'Content-Type': 'text/plain' } },
      events,
      415,
    );
  });

  function signedCallbackFor(body: string): CallbackRequest {
    const template = signed([contactEvent()]);
    return {
      body,
      headers: {
        ...template.headers,
        'X-Arlo-Signature': computeArloSignature(Buffer.from(body), decodeWebhookKey(KEY)),
      },
    };
  }
});

describe('when Temporal is unreachable', () => {
  it('answers 503 with Retry-After within the start time bound, so Arlo retries', async () => {
    const closedPort = await findFreePort();
    const connection = Connection.lazy({ address: `127.0.0.1:${closedPort}` });
    const calls = trackTemporalCalls(new Client({ connection, namespace: config.temporal.namespace }));
    const app = await listen(
      createApp({
        config,
        temporal: calls.client,
        readiness: alwaysReady,
        logger: pino({ level: 'silent' }),
        registry: new Registry(),
        startTimeoutMs: 1_000,
      }),
    );
    try {
      const events = [contactEvent(), contactEvent()];
      const started = Date.now();
      const response = await postRecorded(
        signedCallback(events, { platform: PLATFORM, keyBase64: KEY }),
        events,
        `${app.url}${config.receiver.webhookPath}`,
      );
      const elapsedMs = Date.now() - started;
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
      // Answered at the 1 s bound, although the client's own gRPC retries would go on for ~20 s.
      expect(elapsedMs).toBeGreaterThanOrEqual(1_000);
      expect(elapsedMs).toBeLessThan(5_000);
      await expectNoWorkflow(events);
    } finally {
      await app.close();
      // The start's gRPC deadline ends its retries soon after; closing under them would crash the run.
      await calls.settled();
      await connection.close();
    }
  });
});

/** Runs of a workflow ID as visibility counts them; visibility trails the start, so wait for the first. */
async function visibleRuns(workflowId: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { count } = await client.workflow.count(`WorkflowId = '${workflowId}'`);
    if (count > 0 || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
