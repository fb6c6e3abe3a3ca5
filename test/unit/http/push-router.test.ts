/**
 * The push endpoint alone (real HTTP on 127.0.0.1, port 0), with the push function replaced by a
 * recorder: authentication, validation and the answers. The push itself is tested in
 * test/workflows/push-record.test.ts.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import Koa from 'koa';

import type { PushOutcome } from '../../../src/domain/push-messages';
import type { AppState } from '../../../src/http/app-state';
import { errorHandler } from '../../../src/http/error-handler';
import { createPushRouter } from '../../../src/http/push-router';
import { requestContext } from '../../../src/http/request-context';
import { createLogger } from '../../../src/logger';
import { DEFAULT_OWNERSHIP } from '../../../src/push/field-ownership';
import { PushNotAcceptedError, type PushCall, type WaitedPush } from '../../../src/push/push-client';

const TOKEN = 'a-push-token-of-enough-length';
const calls: PushCall[] = [];
const waits: number[] = [];
let outcome: PushOutcome = { outcome: 'patched', arloId: '562', fields: ['Employment/Position'] };
/** What the push answers instead of the outcome, when a test sets it. */
let answer: (() => Promise<WaitedPush>) | undefined;
let server: Server;
let base: string;

beforeAll(async () => {
  const app = new Koa<AppState>();
  app.use(requestContext({ logger: createLogger('silent'), quietPaths: [] }));
  app.use(errorHandler());
  const router = createPushRouter({
    tokens: [TOKEN],
    ownership: DEFAULT_OWNERSHIP,
    platforms: ['demo.arlo.co'],
    push: (call, waitMs) => {
      calls.push(call);
      waits.push(waitMs);
      return answer?.() ?? Promise.resolve({ finished: true, outcome });
    },
    submit: (call) => {
      calls.push(call);
      return Promise.resolve({ workflowId: 'arlo-push:demo.arlo.co:Contact:HR-1' });
    },
  });
  app.use(router.routes());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  calls.splice(0);
  waits.splice(0);
  answer = undefined;
});

const post = (path: string, body: unknown, token = TOKEN) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /push/contacts', () => {
  it('pushes a valid request and answers the outcome', async () => {
    const response = await post('/push/contacts', {
      externalId: 'HR-1',
      employment: { position: 'Senior Developer' },
      dryRun: true,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(outcome);
    expect(calls).toEqual([
      {
        platform: 'demo.arlo.co',
        resourceType: 'Contact',
        externalId: 'HR-1',
        desired: { fields: {}, employment: { position: 'Senior Developer' } },
        dryRun: true,
      },
    ]);
  });

  it('answers 202 with the workflow ID when asked not to wait, and 502 for a failed push', async () => {
    const queued = await post('/push/contacts', {
      externalId: 'HR-1',
      fields: { FirstName: 'A' },
      wait: false,
    });
    expect(queued.status).toBe(202);
    expect(await queued.json()).toEqual({ workflowId: 'arlo-push:demo.arlo.co:Contact:HR-1' });
  });

  // Issue 19: the 502 quoted the whole failure, the Arlo platform's URL and Arlo's answer included.
  it('answers a failed push with 502 and a short reason that names no URL; the whole reason is logged', async () => {
    outcome = {
      outcome: 'failed',
      reason:
        'POST https://demo.arlo.co/api/2012-02-01/auth/resources/organisations/: Arlo answered 400 Bad Request (InvalidField: Name is too long)',
      failureType: 'ArloBadRequestError',
      arloStatus: 400,
    };
    const failed = await post('/push/organisations', { externalId: 'CRM-1', fields: { Name: 'Acme' } });
    expect(failed.status).toBe(502);
    const workflowId = 'arlo-push:demo.arlo.co:Organisation:CRM-1';
    expect(await failed.json()).toEqual({
      outcome: 'failed',
      reason: `Arlo refused the record as invalid: check the values pushed (Arlo answered 400). The whole reason is in the history of workflow ${workflowId}.`,
      workflowId,
    });
  });

  it('answers 202 with the workflow ID when the push has not finished within waitSeconds', async () => {
    answer = () => Promise.resolve({ finished: false, workflowId: 'arlo-push:demo.arlo.co:Contact:HR-9' });
    const response = await post('/push/contacts', { externalId: 'HR-9', waitSeconds: 3 });
    expect(waits).toEqual([3000]);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      workflowId: 'arlo-push:demo.arlo.co:Contact:HR-9',
      message: 'the push had not finished after 3 s; it carries on in its workflow',
    });
    await post('/push/contacts', { externalId: 'HR-9' });
    expect(waits).toEqual([3000, 20_000]);
  });

  it('answers 503 when Temporal did not take the push in time, so the client sends it again', async () => {
    answer = () => Promise.reject(new PushNotAcceptedError('arlo-push:demo.arlo.co:Contact:HR-9', 20_000));
    const response = await post('/push/contacts', { externalId: 'HR-9' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(((await response.json()) as { error: string }).error).toMatch(/send it again/);
  });

  // Issue 19: `"dryRun":true,"dryRun":false` was read as a real push.
  it('refuses a key written twice in one object, even spelled with an escape, and pushes nothing', async () => {
    for (const [body, key] of [
      ['{"externalId":"HR-1","dryRun":true,"dryRun":false}', '"dryRun"'],
      ['{"externalId":"HR-1","dryRun":true,"dry\\u0052un":false}', '"dryRun"'],
      ['{"externalId":"HR-1","fields":{"FirstName":"A","FirstName":"B"}}', '"fields.FirstName"'],
    ] as const) {
      const response = await post('/push/contacts', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: `${key} appears twice in one object; send each key once`,
      });
    }
    expect(calls).toEqual([]);
  });

  it('refuses a missing or wrong token with 401 and pushes nothing', async () => {
    expect((await post('/push/contacts', { externalId: 'HR-1' }, 'wrong-token-of-some-length')).status).toBe(
      401,
    );
    const none = await fetch(`${base}/push/contacts`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(calls).toEqual([]);
  });

  it('names every problem of an invalid body, including fields Arlo or Arlo users own', async () => {
    const response = await post('/push/contacts', {
      fields: { FirstName: 'A', ContactID: '9', Status: 'x' },
      employment: { organisationId: 'acme' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: string[] };
    expect(body.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^externalId: /),
        expect.stringMatching(/^employment\.organisationId: must be an Arlo OrganisationID/),
      ]),
    );
    const owned = await post('/push/contacts', {
      externalId: 'HR-1',
      fields: { ContactID: '9', Status: 'x' },
    });
    expect(((await owned.json()) as { problems: string[] }).problems).toEqual([
      'Contact field ContactID is not owned by the external system',
      'Contact field Status is not owned by the external system',
    ]);
    expect((await post('/push/contacts', '{not json')).status).toBe(400);
    expect(calls).toEqual([]);
  });
});
