/**
 * The receiver app over real HTTP on 127.0.0.1, with Temporal replaced by a recording fake: the order
 * of checks, every rejection (and that it starts nothing), the answers to start failures, metrics and
 * the operator routes. test/integration/receiver/ repeats the essentials against a real Temporal.
 */
import { Writable } from 'node:stream';

import { WorkflowExecutionAlreadyStartedError, type WorkflowStartOptions } from '@temporalio/client';
import pino from 'pino';
import { Registry } from 'prom-client';

import type { Config, PlatformConfig } from '../../../src/config';
import {
  PROCESS_ARLO_EVENT_WORKFLOW_TYPE,
  type ProcessArloEventInput,
} from '../../../src/domain/process-event-input';
import { createApp, type AppDeps } from '../../../src/http/app';
import { computeArloSignature, decodeWebhookKey } from '../../../src/http/webhook-signature';
import type { WorkflowStartClient } from '../../../src/http/event-workflow-starter';
import type { ReadinessChecker, ReadinessReport } from '../../../src/http/readiness';
import { contactEvent, post, signedCallback, testWebhookKey } from '../../helpers/arlo-callback';
import { listen, type ListeningApp } from '../../helpers/listening-app';

const KEY = testWebhookKey('unit-current');
// The rotation's second key is the one of the webhooks.txt example, so its exact callback verifies.
const NEXT_KEY = 'elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx';
const OTHER_KEY = testWebhookKey('unit-other-platform');
const MAX_BODY_BYTES = 4096;

function platform(name: string, webhookKeys: string[]): PlatformConfig {
  return {
    name,
    baseUrl: `https://${name}/api/2012-02-01/auth/resources/`,
    credentials: { kind: 'basic', username: 'u', password: 'p' },
    webhookKeys,
    vendorId: 'arlo-sync',
  };
}

const config: Pick<Config, 'platforms' | 'receiver' | 'temporal'> = {
  platforms: [
    platform('demo.arlo.co', [KEY, NEXT_KEY]),
    platform('other.arlo.co', [OTHER_KEY]),
    platform('keyless.arlo.co', []),
  ],
  receiver: {
    host: '127.0.0.1',
    port: 0,
    webhookPath: '/webhooks/arlo',
    maxBodyBytes: MAX_BODY_BYTES,
    publicUrl: undefined,
  },
  temporal: {
    address: undefined,
    namespace: 'default',
    taskQueue: 'unit-queue',
    arloTaskQueue: 'unit-arlo',
    connection: {},
    devServerPort: 0,
    devUiPort: 0,
  },
};

/** Records every start; `behaviour` decides how each one ends. */
class FakeTemporal implements WorkflowStartClient {
  readonly starts: { type: string; options: WorkflowStartOptions }[] = [];
  behaviour: (options: WorkflowStartOptions) => Promise<unknown> = () => Promise.resolve({});
  readonly workflow = {
    start: (type: string, options: WorkflowStartOptions) => {
      this.starts.push({ type, options });
      return this.behaviour(options);
    },
  };
  readonly deadlines: number[] = [];
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
    this.deadlines.push(Number(deadline));
    return fn();
  }
}

class FakeReadiness implements ReadinessChecker {
  report: ReadinessReport = { ready: true, dependencies: { temporal: { status: 'up', latencyMs: 1 } } };
  check() {
    return Promise.resolve(this.report);
  }
}

let temporal: FakeTemporal;
let readiness: FakeReadiness;
let logLines: string[];
let server: ListeningApp;
let webhookUrl: string;

beforeEach(async () => {
  temporal = new FakeTemporal();
  readiness = new FakeReadiness();
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const deps: AppDeps = {
    config,
    temporal,
    readiness,
    logger: pino({ level: 'debug' }, sink),
    registry: new Registry(),
    startTimeoutMs: 300,
  };
  server = await listen(createApp(deps));
  webhookUrl = `${server.url}/webhooks/arlo`;
});

afterEach(async () => {
  await server.close();
});

const demo = { platform: 'demo.arlo.co', keyBase64: KEY };

describe('webhook callbacks that verify', () => {
  it('start one event workflow per event, with ID, queue, policies, input and search attributes', async () => {
    const events = [contactEvent(), contactEvent({ type: 'Invoice.Voided', resourceType: 'Invoice' })];
    const response = await post(webhookUrl, signedCallback(events, demo));

    expect(response.status).toBe(200);
    const body = (await response.json()) as { accepted: number; requestId: string };
    expect(body).toMatchObject({ accepted: 2 });
    expect(temporal.starts).toHaveLength(2);
    const first = temporal.starts[0]!;
    const event = events[0]!;
    expect(first.type).toBe(PROCESS_ARLO_EVENT_WORKFLOW_TYPE);
    expect(first.options).toMatchObject({
      workflowId: `arlo-event:demo.arlo.co:${event.id}`,
      taskQueue: 'unit-queue',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const input = first.options.args?.[0] as ProcessArloEventInput;
    expect(input.platform).toBe('demo.arlo.co');
    expect(input.event).toEqual(event);
    expect(Date.now() - Date.parse(input.receivedAt)).toBeLessThan(60_000);
    // The callback, and how many of its events join a batch (the Invoice type is not handled): the
    // worker need not wait for more once that many have (src/domain/callback-arrivals.ts).
    expect(input.callback).toEqual({ id: body.requestId, events: 1 });
    expect((temporal.starts[1]!.options.args?.[0] as ProcessArloEventInput).callback).toEqual(input.callback);
    expect(first.options.typedSearchAttributes).toEqual([
      { key: expect.objectContaining({ name: 'ArloPlatform' }), value: 'demo.arlo.co' },
      { key: expect.objectContaining({ name: 'ArloResourceType' }), value: 'Contact' },
      { key: expect.objectContaining({ name: 'ArloResourceId' }), value: event.resourceId },
      { key: expect.objectContaining({ name: 'ArloEventType' }), value: 'Contact.Updated' },
      { key: expect.objectContaining({ name: 'ArloEventId' }), value: event.id },
    ]);
    // The unknown type is started too (its workflow records it) and noted in the log.
    expect(temporal.starts[1]!.options.workflowId).toBe(`arlo-event:demo.arlo.co:${events[1]!.id}`);
    expect(logLines.join('')).toContain('event type not handled by arlo-sync');
  });

  it('accept the webhooks.txt example callback byte for byte', async () => {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'X-Arlo-Signature':
          'OQjMwAcQXVIfncRRqznUsibyO3qyjJQYSKI3sAMkFO+0aumoPx1xdw8Wz2iuamfpXBtJvBrPAAIU1gOT4L0V+g==',
        'X-Arlo-Platform': 'demo.arlo.co',
        'Content-Type': 'application/json; charset=utf-8',
      },
      body: '{"events":[{"id":"108","dateTime":"2023-07-18T00:02:55.7577072Z","type":"Contact.Updated","resourceType":"Contact","resourceId":"2"}]}',
    });
    expect(response.status).toBe(200);
    expect(temporal.starts.map((s) => s.options.workflowId)).toEqual(['arlo-event:demo.arlo.co:108']);
  });

  it('accept the second key of a rotation and match the platform header case-insensitively', async () => {
    const request = signedCallback([contactEvent()], { platform: 'DEMO.Arlo.co', keyBase64: NEXT_KEY });
    expect((await post(webhookUrl, request)).status).toBe(200);
    // Scoped by the configured name, not the header as sent.
    expect(temporal.starts[0]!.options.workflowId).toMatch(/^arlo-event:demo\.arlo\.co:/);
  });

  it('scope workflow IDs by platform, so equal event IDs of two platforms never collide', async () => {
    const event = contactEvent();
    await post(webhookUrl, signedCallback([event], demo));
    await post(webhookUrl, signedCallback([event], { platform: 'other.arlo.co', keyBase64: OTHER_KEY }));
    expect(temporal.starts.map((s) => s.options.workflowId)).toEqual([
      `arlo-event:demo.arlo.co:${event.id}`,
      `arlo-event:other.arlo.co:${event.id}`,
    ]);
  });

  it('start an event named twice in one batch once', async () => {
    const event = contactEvent();
    expect((await post(webhookUrl, signedCallback([event, event], demo))).status).toBe(200);
    expect(temporal.starts).toHaveLength(1);
  });

  it('answer 200 when a workflow already completed for the event (a redelivery)', async () => {
    temporal.behaviour = (options) =>
      Promise.reject(
        new WorkflowExecutionAlreadyStartedError(
          'already',
          options.workflowId,
          PROCESS_ARLO_EVENT_WORKFLOW_TYPE,
        ),
      );
    expect((await post(webhookUrl, signedCallback([contactEvent()], demo))).status).toBe(200);
  });

  it('answer 503 with Retry-After when any start fails, after trying every event', async () => {
    let calls = 0;
    temporal.behaviour = () =>
      ++calls === 2 ? Promise.reject(new Error('14 UNAVAILABLE')) : Promise.resolve({});
    const response = await post(
      webhookUrl,
      signedCallback([contactEvent(), contactEvent(), contactEvent()], demo),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('10');
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/retry/) });
    expect(temporal.starts).toHaveLength(3);
    // The internal error text stays in the log.
    expect(logLines.join('')).toContain('14 UNAVAILABLE');
  });

  it('answer 503 within the start time bound when Temporal hangs', async () => {
    temporal.behaviour = () => new Promise<never>(() => undefined);
    const started = Date.now();
    const response = await post(webhookUrl, signedCallback([contactEvent()], demo));
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(logLines.join('')).toContain('did not confirm the start within 300 ms');
    // The gRPC call itself got the same bound (a deadline that had passed when the answer came), so it
    // ends too instead of retrying on in the background.
    const answered = Date.now();
    expect(temporal.deadlines).toHaveLength(1);
    expect(temporal.deadlines[0]!).toBeGreaterThanOrEqual(started + 300);
    // The timer that answers and the deadline are taken a moment apart: allow a little for a busy machine.
    expect(temporal.deadlines[0]!).toBeLessThanOrEqual(answered + 50);
  });
});

describe('webhook callbacks that fail a check start nothing', () => {
  const valid = () => signedCallback([contactEvent()], demo);

  async function expectRejected(
    request: { body: string | Buffer; headers: Record<string, string> },
    status: number,
  ): Promise<Record<string, unknown>> {
    const response = await post(webhookUrl, request);
    expect(response.status).toBe(status);
    expect(temporal.starts).toHaveLength(0);
    return (await response.json()) as Record<string, unknown>;
  }

  it('altered body → 401', async () => {
    const request = valid();
    await expectRejected({ ...request, body: String(request.body).replace('Contact', 'Contadt') }, 401);
  });

  it('altered signature, also by case only → 401', async () => {
    const request = valid();
    const signature = request.headers['X-Arlo-Signature']!;
    const flipped = signature.replace(/[a-z]/, (c) => c.toUpperCase());
    await expectRejected({ ...request, headers: { ...request.headers, 'X-Arlo-Signature': flipped } }, 401);
    await expectRejected(
      { ...request, headers: { ...request.headers, 'X-Arlo-Signature': `${signature}x` } },
      401,
    );
  });

  it('signed with another platform’s key, or for a platform with no key → 401', async () => {
    await expectRejected(signedCallback([contactEvent()], { ...demo, keyBase64: OTHER_KEY }), 401);
    await expectRejected(
      signedCallback([contactEvent()], { platform: 'keyless.arlo.co', keyBase64: KEY }),
      401,
    );
  });

  it('wrong or missing platform → 401, with one message for every authentication failure', async () => {
    const wrong = await expectRejected(
      signedCallback([contactEvent()], { ...demo, platform: 'evil.arlo.co' }),
      401,
    );
    const { 'X-Arlo-Platform': _p, ...noPlatform } = valid().headers;
    const missing = await expectRejected({ ...valid(), headers: noPlatform }, 401);
    const { 'X-Arlo-Signature': _s, ...noSignature } = valid().headers;
    const unsigned = await expectRejected({ ...valid(), headers: noSignature }, 401);
    expect(new Set([wrong.error, missing.error, unsigned.error])).toEqual(
      new Set(['callback not authenticated']),
    );
  });

  it('oversized body → 413, declared or streamed', async () => {
    const big = signedCallback(
      Array.from({ length: 60 }, () => contactEvent()),
      demo,
    );
    expect(Buffer.byteLength(big.body)).toBeGreaterThan(MAX_BODY_BYTES);
    await expectRejected(big, 413);
    expect(logLines.join('')).toContain('is over the limit');

    // Chunked: no Content-Length, so the limit must hold while reading.
    const chunks = [Buffer.from(String(big.body))];
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: big.headers,
      body: new ReadableStream({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    expect(temporal.starts).toHaveLength(0);
    expect(logLines.join('')).toContain('while streaming');
  });

  it('oversized body → the same 413 whether or not the platform is configured, declared or streamed', async () => {
    const events = Array.from({ length: 60 }, () => contactEvent());
    const answers: { status: number; error: string }[] = [];
    for (const platformName of ['demo.arlo.co', 'nobody.arlo.co']) {
      const big = signedCallback(events, { ...demo, platform: platformName });
      const declared = await post(webhookUrl, big);
      const streamed = await fetch(webhookUrl, {
        method: 'POST',
        headers: big.headers,
        body: new Blob([big.body]).stream(),
        duplex: 'half',
      });
      for (const response of [declared, streamed]) {
        answers.push({
          status: response.status,
          error: ((await response.json()) as { error: string }).error,
        });
      }
    }
    expect(answers).toEqual(Array.from({ length: 4 }, () => answers[0]));
    expect(answers[0]?.status).toBe(413);
    expect(temporal.starts).toHaveLength(0);
  });

  it('malformed JSON or payload → 400 with the reason', async () => {
    const broken = signedCallback([contactEvent()], demo);
    const body = '{"events": [';
    const rebuilt = { body, headers: { ...broken.headers, ...resign(body) } };
    expect((await expectRejected(rebuilt, 400)).error).toMatch(/not valid UTF-8 JSON/);

    const numericId =
      '{"events":[{"id":108,"dateTime":"2023-07-18T00:02:55Z","type":"Contact.Updated","resourceType":"Contact","resourceId":"1"}]}';
    expect(
      (await expectRejected({ body: numericId, headers: { ...broken.headers, ...resign(numericId) } }, 400))
        .error,
    ).toMatch(/events\.0\.id/);
  });

  it('verified body that is not JSON by Content-Type → 415', async () => {
    const request = valid();
    await expectRejected({ ...request, headers: { ...request.headers, 'Content-Type': 'text/plain' } }, 415);
    await expectRejected(
      { ...request, headers: { ...request.headers, 'Content-Type': 'application/json; charset=iso-8859-1' } },
      415,
    );
  });

  it('checks the signature before the Content-Type, so a stranger only ever sees 401', async () => {
    const request = valid();
    await expectRejected(
      {
        body: request.body,
        headers: { ...request.headers, 'Content-Type': 'text/plain', 'X-Arlo-Signature': 'x' },
      },
      401,
    );
  });

  it('never logs the body, the signature or a key', async () => {
    const request = signedCallback([contactEvent({ resourceId: '424242424' })], demo);
    await expectRejected({ ...request, body: String(request.body).replace('Contact', 'Contadt') }, 401);
    const log = logLines.join('');
    expect(log).toContain('signature does not match');
    expect(log).toContain('"platform":"demo.arlo.co"');
    for (const secret of ['424242424', request.headers['X-Arlo-Signature']!, KEY, NEXT_KEY]) {
      expect(log).not.toContain(secret);
    }
  });

  function resign(body: string): Record<string, string> {
    return { 'X-Arlo-Signature': signedCallbackSignature(body) };
  }
});

function signedCallbackSignature(body: string): string {
  return computeArloSignature(Buffer.from(body), decodeWebhookKey(KEY));
}

describe('HTTP surface', () => {
  it('answers a correlation ID of its own, and logs a caller’s plain token beside it', async () => {
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const offered = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'abc-123' } });
    const ours = offered.headers.get('x-request-id');
    expect(ours).toMatch(/^[0-9a-f-]{36}$/);
    const again = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'abc-123' } });
    expect(again.headers.get('x-request-id')).not.toBe(ours);
    const line = JSON.parse(logLines.find((l) => l.includes(ours!))!) as Record<string, unknown>;
    expect(line).toMatchObject({ requestId: ours, clientRequestId: 'abc-123' });
    const unsafe = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'a b\tc' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(logLines.join('')).not.toContain('a b\\tc');
  });

  it('answers 405 for another method on the webhook path and 404 elsewhere', async () => {
    const get = await fetch(webhookUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toContain('POST');
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404);
  });

  it('answers the push paths, while push is off, with how to turn it on', async () => {
    const response = await fetch(`${server.url}/push/contacts`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(/push endpoint is off: set PUSH_TOKENS/);
    expect(temporal.starts).toEqual([]);
    const elsewhere = await fetch(`${server.url}/pushy`);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.text()).not.toMatch(/PUSH_TOKENS/);
  });

  it('treats a start that throws synchronously as a start failure: 503, detail only in the log', async () => {
    temporal.withDeadline = () => {
      throw new TypeError('internal detail');
    };
    const response = await post(webhookUrl, signedCallback([contactEvent()], demo));
    expect(response.status).toBe(503);
    expect(JSON.stringify(await response.json())).not.toContain('internal detail');
    expect(logLines.join('')).toContain('internal detail');
  });

  it('answers 500 with a generic message when something unexpected breaks, and logs it', async () => {
    readiness.check = () => Promise.reject(new Error('secret internal detail'));
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string; requestId: string };
    expect(body.error).toMatch(/^internal error/);
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
    const logged = logLines.find((line) => line.includes('secret internal detail'));
    expect(logged).toContain(body.requestId);
  });

  it('serves liveness, readiness per dependency, and metrics by outcome', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    readiness.report = {
      ready: false,
      dependencies: {
        temporal: { status: 'up', latencyMs: 1 },
        mongodb: { status: 'down', latencyMs: 2000, reason: 'timeout' },
      },
    };
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual(readiness.report);

    await post(webhookUrl, signedCallback([contactEvent(), contactEvent()], demo));
    await post(webhookUrl, signedCallback([contactEvent()], { ...demo, platform: 'nobody.arlo.co' }));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(
      'arlo_sync_webhook_callbacks_total{outcome="accepted",platform="demo.arlo.co"} 1',
    );
    expect(metrics).toContain(
      'arlo_sync_webhook_callbacks_total{outcome="rejected_platform",platform="unknown"} 1',
    );
    expect(metrics).toContain('arlo_sync_webhook_events_total{outcome="started",platform="demo.arlo.co"} 2');
    expect(metrics).toMatch(/arlo_sync_webhook_ack_seconds_count\{outcome="accepted"\} 1/);
  });
});
