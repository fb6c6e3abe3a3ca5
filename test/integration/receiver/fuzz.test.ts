/**
 * Fuzz: at least 10,000 random and mutated webhook callbacks against the real Koa receiver over real
 * HTTP on 127.0.0.1, in front of the harness's real Temporal server. Bad signatures, mutated, truncated
 * and huge bodies, wrong content types, invalid JSON and IDs, unicode, header injection and malformed
 * HTTP, with valid controls mixed in (test/helpers/fuzz-callbacks.ts). Asserted:
 *  - every case gets its category's status (401 / 413 / 415 / 400, 200 for controls), never a 5xx or
 *    no answer, and no header offered by the sender comes back in the answer;
 *  - exactly the controls' workflows start: every start goes through a recording wrapper around the
 *    real client, and Temporal's own visibility count on the run's task queue agrees;
 *  - the receiver's heap (after a forced GC) stays within a bound after warm-up;
 *  - afterwards the process still serves /healthz and accepts a valid callback, and its metrics count
 *    the same outcomes as the test.
 * The seed is printed; FUZZ_SEED=<seed> replays a run.
 */
import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { Client, WorkflowStartOptions } from '@temporalio/client';
import pino from 'pino';
import { Registry } from 'prom-client';

import type { Config } from '../../../src/config';
import { workflowIds } from '../../../src/domain/workflow-ids';
import { createApp } from '../../../src/http/app';
import type { ReadinessChecker } from '../../../src/http/readiness';
import { CALLBACK_OUTCOMES } from '../../../src/http/receiver-metrics';
import { trackTemporalCalls, type ReceiverTemporalClient } from '../../../src/http/temporal-calls';
import { Prng } from '../../../src/simulator/prng';
import { contactEvent, post, signedCallback, testWebhookKey } from '../../helpers/arlo-callback';
import { FuzzCaseFactory, type FuzzCase, type FuzzCategory } from '../../helpers/fuzz-callbacks';
import { sendFuzzRequest, type FuzzAnswer } from '../../helpers/fuzz-sender';
import { listen, type ListeningApp } from '../../helpers/listening-app';
import { testClient, testConfig, uniqueName } from '../../helpers/test-stack';

jest.setTimeout(300_000);

// An environment knob for replaying a failure, read by the test only (in src/, only src/config/ reads the environment).
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const INPUTS = 10_000;
const CONCURRENCY = 12;
const WARM_UP = 1_000;
/** Generous: the receiver keeps nothing per request, so its heap should not grow at all. */
const MAX_HEAP_GROWTH_BYTES = 64 * 1024 * 1024;
const PLATFORM = 'fuzz.arlo.co';
const KEY = testWebhookKey('fuzz-current');
const WRONG_KEY = testWebhookKey('fuzz-wrong');
const MAX_BODY_BYTES = 64 * 1024;

const alwaysReady: ReadinessChecker = { check: () => Promise.resolve({ ready: true, dependencies: {} }) };

/** `global.gc`, without starting Node with --expose-gc (jest owns the command line). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const taskQueue = uniqueName('fuzz');
const started: string[] = [];
const errorLogLines: string[] = [];
let config: Config;
let client: Client;
let registry: Registry;
let server: ListeningApp;
let agent: http.Agent;

/** The real client, with every workflow start recorded before it is made. */
function recordingClient(real: ReceiverTemporalClient): ReceiverTemporalClient {
  return {
    ...real,
    workflow: {
      start(type: string, options: WorkflowStartOptions) {
        started.push(options.workflowId);
        return real.workflow.start(type, options);
      },
    },
  };
}

beforeAll(async () => {
  const base = testConfig();
  config = {
    ...base,
    temporal: { ...base.temporal, taskQueue },
    receiver: { ...base.receiver, maxBodyBytes: MAX_BODY_BYTES },
    platforms: [
      {
        name: PLATFORM,
        baseUrl: 'https://fuzz.arlo.co/api/2012-02-01/auth/resources/',
        credentials: { kind: 'basic', username: 'u', password: 'p' },
        webhookKeys: [KEY],
        vendorId: 'arlo-sync',
      },
    ],
  };
  client = await testClient(config);
  registry = new Registry();
  const logger = pino({ level: 'error' }, { write: (line: string) => errorLogLines.push(line) });
  const app = createApp({
    config,
    temporal: recordingClient(trackTemporalCalls(client).client),
    readiness: alwaysReady,
    logger,
    registry,
  });
  server = await listen(app);
  agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
});

afterAll(async () => {
  agent.destroy();
  await server.close();
  for (let i = 0; i < started.length; i += 20) {
    await Promise.allSettled(
      started.slice(i, i + 20).map((id) => client.workflow.getHandle(id).terminate('fuzz test cleanup')),
    );
  }
  await client.connection.close();
});

interface Outcome {
  readonly fuzzCase: FuzzCase;
  readonly answer: FuzzAnswer;
}

function describeFailure({ fuzzCase, answer }: Outcome): string {
  const { request } = fuzzCase;
  const shown =
    request.kind === 'raw'
      ? JSON.stringify(request.bytes.subarray(0, 300).toString('latin1'))
      : `${JSON.stringify(request.headers)} ${JSON.stringify(request.body.subarray(0, 200).toString('latin1'))}`;
  return `seed ${SEED} case ${fuzzCase.index} (${fuzzCase.category}): expected ${fuzzCase.expectedStatus}, got ${answer.status}${answer.error ? ` (${answer.error})` : ''}; request ${shown}`;
}

/** Only headers the receiver sets may come back; nothing the sender offered. */
function injectedHeaders(answer: FuzzAnswer): string[] {
  const bad: string[] = [];
  if (answer.headers['set-cookie'] !== undefined) bad.push('set-cookie');
  if (answer.headers['x-injected'] !== undefined) bad.push('x-injected');
  const requestId = answer.headers['x-request-id'];
  if (typeof requestId === 'string' && !/^[0-9a-f-]{36}$/.test(requestId))
    bad.push(`x-request-id ${requestId}`);
  return bad;
}

it(`answers ${INPUTS} hostile and valid callbacks correctly, starting only the valid ones`, async () => {
  process.stderr.write(`[fuzz] seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`);
  const gc = exposeGc();
  const factory = new FuzzCaseFactory(new Prng(SEED), {
    platform: PLATFORM,
    keyBase64: KEY,
    wrongKeyBase64: WRONG_KEY,
    path: config.receiver.webhookPath,
    maxBodyBytes: MAX_BODY_BYTES,
  });
  const url = new URL(`${server.url}${config.receiver.webhookPath}`);
  const outcomes: Outcome[] = [];
  const heapSamples: number[] = [];
  let baselineHeap = 0;
  let next = 0;
  const startedAt = performance.now();

  async function runner(): Promise<void> {
    while (next < INPUTS) {
      const fuzzCase = factory.next(next++); // generated in index order, so the seed replays exactly
      const answer = await sendFuzzRequest(fuzzCase.request, { url, agent, timeoutMs: 15_000 });
      outcomes.push({ fuzzCase, answer });
      if (outcomes.length % 1000 === 0) {
        gc();
        const heap = process.memoryUsage().heapUsed;
        if (outcomes.length === WARM_UP) baselineHeap = heap;
        else if (outcomes.length > WARM_UP) heapSamples.push(heap);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, runner));
  const elapsedS = (performance.now() - startedAt) / 1000;

  // Every case answered with its category's status.
  const wrong = outcomes.filter(({ fuzzCase, answer }) => answer.status !== fuzzCase.expectedStatus);
  expect(wrong.slice(0, 5).map(describeFailure)).toEqual([]);
  const injected = outcomes.filter(({ answer }) => injectedHeaders(answer).length > 0);
  expect(
    injected.slice(0, 5).map((o) => `${describeFailure(o)}: ${injectedHeaders(o.answer).join(', ')}`),
  ).toEqual([]);

  // Exactly the controls' workflows were started: by the recording wrapper, and in Temporal itself.
  const expected = outcomes
    .flatMap(({ fuzzCase }) => fuzzCase.events)
    .map((event) => workflowIds.processEvent(PLATFORM, event.id));
  expect(new Set(started)).toEqual(new Set(expected));
  expect(started).toHaveLength(expected.length);
  await expect(countOnQueue(expected.length)).resolves.toBe(expected.length);

  // Memory: bounded after warm-up.
  const maxHeap = Math.max(...heapSamples);
  const growth = maxHeap - baselineHeap;

  const byCategory = new Map<FuzzCategory, number>();
  for (const { fuzzCase } of outcomes)
    byCategory.set(fuzzCase.category, (byCategory.get(fuzzCase.category) ?? 0) + 1);
  process.stderr.write(
    `[fuzz] ${outcomes.length} inputs in ${elapsedS.toFixed(1)} s (${(outcomes.length / elapsedS).toFixed(0)}/s, ` +
      `concurrency ${CONCURRENCY}); ${expected.length} workflows started by ${byCategory.get('control') ?? 0} controls; ` +
      `heap after GC ${mb(baselineHeap)} MB at warm-up, max ${mb(maxHeap)} MB after (growth ${mb(growth)} MB)\n` +
      `[fuzz] cases by category: ${JSON.stringify(Object.fromEntries(byCategory))}\n`,
  );
  expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
  for (const category of byCategory.keys()) expect(byCategory.get(category)).toBeGreaterThan(0);
  expect(byCategory.size).toBe(14);

  // The metrics count what the test saw (malformed HTTP never reaches the app).
  const counted = await callbackCounts();
  const appCases = outcomes.filter(({ fuzzCase }) => fuzzCase.request.kind === 'http');
  const withStatus = (status: number) =>
    appCases.filter(({ fuzzCase }) => fuzzCase.expectedStatus === status).length;
  expect(counted[CALLBACK_OUTCOMES.accepted]).toBe(withStatus(200));
  expect(
    (counted[CALLBACK_OUTCOMES.rejectedPlatform] ?? 0) + (counted[CALLBACK_OUTCOMES.rejectedSignature] ?? 0),
  ).toBe(withStatus(401));
  expect(counted[CALLBACK_OUTCOMES.tooLarge]).toBe(withStatus(413));
  expect(counted[CALLBACK_OUTCOMES.unsupportedMediaType]).toBe(withStatus(415));
  expect(counted[CALLBACK_OUTCOMES.invalidPayload]).toBe(withStatus(400));
  expect(counted[CALLBACK_OUTCOMES.error]).toBeUndefined();
  expect(errorLogLines).toEqual([]);

  // Still up and still working.
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  const event = contactEvent();
  const startsBefore = started.length;
  const after = await post(url.href, signedCallback([event], { platform: PLATFORM, keyBase64: KEY }));
  expect(after.status).toBe(200);
  expect(started.slice(startsBefore)).toEqual([workflowIds.processEvent(PLATFORM, event.id)]);
});

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Temporal's visibility is eventually consistent: poll until the count settles at `expected`. */
async function countOnQueue(expected: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { count } = await client.workflow.count(`TaskQueue = '${taskQueue}'`);
    if (count === expected || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function callbackCounts(): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('arlo_sync_webhook_callbacks_total')?.get();
  const counts: Record<string, number> = {};
  for (const value of metric?.values ?? []) {
    const outcome = String(value.labels.outcome);
    counts[outcome] = (counts[outcome] ?? 0) + value.value;
  }
  return counts;
}
