/**
 * Credentials: HTTP Basic, and OAuth 2 client credentials against a real loopback token endpoint
 * (cached until shortly before expiry, one token request at a time, refreshed once after a 401), with
 * the secret never in an error message.
 */
import type { ServerResponse } from 'node:http';

import {
  basicCredentials,
  createCredentialsProvider,
  oauth2ClientCredentials,
} from '../../../src/arlo/credentials';
import {
  ArloCredentialsError,
  ArloMalformedResponseError,
  ArloServerError,
  ArloUnauthorisedError,
} from '../../../src/arlo/errors';
import { createArloHttpClient } from '../../../src/arlo/http-client';
import { arloFixture } from '../../helpers/arlo-fixtures';
import {
  replyXml,
  startLoopbackServer,
  type LoopbackServer,
  type RecordedRequest,
} from '../../helpers/loopback-server';

const SECRET = 'client-secret-&-more';
const API = '/api/2012-02-01/auth/resources/';

let tokens: LoopbackServer;
let arlo: LoopbackServer;
let issued = 0;
let clock = 0;

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function issueTokens(expiresIn = 3600) {
  return (_request: RecordedRequest, response: ServerResponse) => {
    issued += 1;
    json(response, 200, { access_token: `token-${issued}`, token_type: 'Bearer', expires_in: expiresIn });
  };
}

function provider(scope?: string) {
  return oauth2ClientCredentials(
    {
      tokenUrl: `${tokens.origin}/oauth/token`,
      clientId: 'sync client',
      clientSecret: SECRET,
      ...(scope ? { scope } : {}),
    },
    { now: () => clock, timeoutMs: 2_000 },
  );
}

beforeAll(async () => {
  tokens = await startLoopbackServer();
  arlo = await startLoopbackServer();
});

afterAll(async () => {
  await tokens.close();
  await arlo.close();
});

beforeEach(() => {
  tokens.requests.length = 0;
  arlo.requests.length = 0;
  issued = 0;
  clock = 1_000_000;
  tokens.handle(issueTokens());
});

describe('basicCredentials', () => {
  it('encodes user:password as UTF-8 Base64', async () => {
    const header = await basicCredentials('api-user', 'pässword').authorization();
    expect(header).toBe(`Basic ${Buffer.from('api-user:pässword', 'utf8').toString('base64')}`);
  });

  it('refuses a user name with a colon (Basic cannot carry it)', () => {
    expect(() => basicCredentials('a:b', 'p')).toThrow(/must not contain ":"/);
  });

  it('is built from the configuration', async () => {
    const fromConfig = createCredentialsProvider({ kind: 'basic', username: 'u', password: 'p' });
    expect(fromConfig.refreshable).toBe(false);
    expect(await fromConfig.authorization()).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});

describe('oauth2ClientCredentials', () => {
  it('asks the token endpoint with client_secret_basic and the scope', async () => {
    expect(await provider('arlo.api').authorization()).toBe('Bearer token-1');
    const [request] = tokens.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'arlo.api',
    });
    const basic = Buffer.from(
      (request?.headers.authorization ?? '').replace(/^Basic /, ''),
      'base64',
    ).toString();
    expect(basic).toBe('sync+client:client-secret-%26-more');
  });

  it('can send the client credentials as form fields instead', async () => {
    const post = oauth2ClientCredentials(
      { tokenUrl: `${tokens.origin}/oauth/token`, clientId: 'id', clientSecret: 'sec' },
      { clientAuthentication: 'body' },
    );
    await post.authorization();
    expect(tokens.requests[0]?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(tokens.requests[0]?.body))).toMatchObject({
      client_id: 'id',
      client_secret: 'sec',
    });
  });

  it('reuses the token until shortly before it expires, then gets a new one', async () => {
    const credentials = provider();
    expect(await credentials.authorization()).toBe('Bearer token-1');
    clock += 3_539_000; // 59 min 59 s... minus the 60 s margin: still fresh
    expect(await credentials.authorization()).toBe('Bearer token-1');
    clock += 2_000; // inside the last minute
    expect(await credentials.authorization()).toBe('Bearer token-2');
    expect(tokens.requests).toHaveLength(2);
  });

  it('makes one token request for many concurrent callers', async () => {
    const credentials = provider();
    const headers = await Promise.all(Array.from({ length: 20 }, () => credentials.authorization()));
    expect(new Set(headers)).toEqual(new Set(['Bearer token-1']));
    expect(tokens.requests).toHaveLength(1);
  });

  it('gets a new token after invalidate()', async () => {
    const credentials = provider();
    await credentials.authorization();
    credentials.invalidate();
    expect(await credentials.authorization()).toBe('Bearer token-2');
  });

  it.each([
    [
      400,
      { error: 'invalid_client', error_description: `bad secret ${SECRET}` },
      ArloCredentialsError,
      /invalid_client/,
    ],
    [401, 'not json', ArloCredentialsError, /status 401/],
    [503, '', ArloServerError, /503/],
    [200, 'not json', ArloMalformedResponseError, /not JSON/],
    [200, { access_token: 'tok', token_type: 'mac' }, ArloMalformedResponseError, /not a Bearer token/],
    [
      200,
      { access_token: `bad token\r\nX-Injected: ${SECRET}`, token_type: 'Bearer' },
      ArloMalformedResponseError,
      /no usable access_token/,
    ],
    [
      200,
      { access_token: 'tok', token_type: 'Bearer', expires_in: 'soon' },
      ArloMalformedResponseError,
      /expires_in/,
    ],
  ])(
    'answer %i %j fails with a typed error that never shows the secret',
    async (status, body, type, message) => {
      tokens.handle((_request, response) => json(response, status, body));
      const error = await provider()
        .authorization()
        .then(
          () => undefined,
          (failure: unknown) => failure as Error,
        );
      expect(error).toBeInstanceOf(type);
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain(SECRET);
      expect(error?.message).not.toContain('X-Injected');
    },
  );

  it('keeps the secret out of anything a log could print', () => {
    const credentials = provider();
    expect(JSON.stringify(credentials)).not.toContain(SECRET);
    expect(Object.values(credentials).join(' ')).not.toContain(SECRET);
  });

  it('refuses a token URL that would send the secret in clear', () => {
    expect(() =>
      oauth2ClientCredentials({
        tokenUrl: 'http://auth.example.org/token',
        clientId: 'a',
        clientSecret: 'b',
      }),
    ).toThrow(/plain http is allowed only to a loopback host/);
  });
});

describe('a 401 with OAuth 2', () => {
  const client = () =>
    createArloHttpClient({
      baseUrl: `${arlo.origin}${API}`,
      credentials: provider(),
      timeoutMs: 2_000,
      maxResponseBytes: 1024 * 1024,
    });

  it('refreshes the token once and sends the request once more', async () => {
    arlo.handle((request, response) =>
      request.headers.authorization === 'Bearer token-2'
        ? replyXml(response, arloFixture('contact-expanded-employment.xml'))
        : replyXml(response, '', 401),
    );
    const response = await client().send({ method: 'GET', target: 'contacts/562/' });
    expect(response.status).toBe(200);
    expect(arlo.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(tokens.requests).toHaveLength(2);
  });

  it('gives up after that one retry', async () => {
    arlo.handle((_request, response) => replyXml(response, '', 401));
    await expect(client().send({ method: 'GET', target: 'contacts/562/' })).rejects.toBeInstanceOf(
      ArloUnauthorisedError,
    );
    expect(arlo.requests).toHaveLength(2);
    expect(tokens.requests).toHaveLength(2);
  });
});
