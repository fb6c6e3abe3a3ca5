/**
 * The chaos run's external-system client against a scripted push endpoint on loopback: it retries
 * transient answers until confirmed, and gives a push up, with the workflow's reason, only after the
 * push workflow itself concluded `failed` three times.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createPushDriver } from '../../../src/chaos/push-driver';
import { Prng } from '../../../src/simulator/prng';

type Answer = { status: number; body: string };

let server: Server;
let receiverUrl: string;
let script: Answer[];
let requests: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      // The last answer repeats for every further request.
      const answer = (script.length > 1 ? script.shift() : script[0]) ?? { status: 500, body: '' };
      response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = 0;
});

const failed = (reason: string): Answer => ({
  status: 502,
  body: JSON.stringify({ outcome: 'failed', reason }),
});
const created: Answer = {
  status: 200,
  body: JSON.stringify({ outcome: 'created', arloId: '1', fields: [] }),
};

function driver() {
  return createPushDriver({
    receiverUrl,
    token: 'chaos-token',
    rng: new Prng(1),
    signal: new AbortController().signal,
  });
}

describe('chaos push driver', () => {
  it('retries transient answers (503, a 502 that is no push outcome) until the push is confirmed', async () => {
    script = [{ status: 503, body: '' }, { status: 502, body: 'Bad Gateway' }, created];
    const pushes = driver();
    await pushes.pushOne();
    expect(requests).toBe(3);
    expect(pushes.figures()).toMatchObject({ accepted: 1, retries: 2, unconfirmed: 0, refused: [] });
  });

  it('sends a push that is still running (202) again until its outcome comes back', async () => {
    const stillRunning: Answer = {
      status: 202,
      body: JSON.stringify({ workflowId: 'arlo-push:x', message: 'the push had not finished after 60 s' }),
    };
    script = [stillRunning, stillRunning, created];
    const pushes = driver();
    await pushes.pushOne();
    expect(requests).toBe(3);
    expect(pushes.figures()).toMatchObject({ accepted: 1, retries: 2, unconfirmed: 0, refused: [] });
  });

  it('retries a failed outcome, and confirms the push when a later attempt succeeds', async () => {
    script = [failed('Arlo answered 500'), created];
    const pushes = driver();
    await pushes.pushOne();
    expect(pushes.figures()).toMatchObject({ accepted: 1, unconfirmed: 0, refused: [] });
  });

  it('gives a push up after three failed outcomes and reports the reason', async () => {
    script = [failed('MissingField: LastName')];
    const pushes = driver();
    await pushes.pushOne();
    expect(requests).toBe(3);
    const externalId = pushes.intents()[0]?.externalId;
    expect(externalId).toMatch(/^CHAOS-/);
    expect(pushes.figures()).toMatchObject({
      accepted: 0,
      unconfirmed: 1,
      refused: [{ externalId, reason: 'MissingField: LastName' }],
    });
    expect(pushes.refusedExternalIds()).toEqual(new Set([externalId]));
  });
});
