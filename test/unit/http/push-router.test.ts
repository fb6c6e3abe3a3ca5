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
import type { PushCall } from '../../../src/push/push-client';

const TOKEN = 'a-push-token-of-enough-length';
const calls: PushCall[] = [];
let outcome: PushOutcome = { outcome: 'patched', arloId: '562', fields: ['Employment/Position'] };
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
    push: (call) => {
      calls.push(call);
      return Promise.resolve(outcome);
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
beforeEach(() => calls.splice(0));

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
    outcome = { outcome: 'failed', reason: 'Arlo answered 500' };
    const failed = await post('/push/organisations', { externalId: 'CRM-1', fields: { Name: 'Acme' } });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual(outcome);
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
