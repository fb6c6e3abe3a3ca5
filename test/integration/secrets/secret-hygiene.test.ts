/**
 * Secrets never reach a log line, an error message or an answer. Each test drives the failure paths a
 * secret passes through (over real HTTP: the simulator, loopback OAuth 2 and API stand-ins, the real
 * receiver app) with the real logger writing to a captured stream at `trace`, then searches everything
 * captured for the secret and for its encoded forms (Base64, HTTP Basic).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';

import { Registry } from 'prom-client';

import { toTemporalFailure } from '../../../activities/arlo-failure';
import { createArloClient, oauth2ClientCredentials } from '../../../src/arlo';
import { ConfigError, loadConfig, type Config } from '../../../src/config';
import type { WorkflowStartClient } from '../../../src/http/event-workflow-starter';
import { createApp } from '../../../src/http/app';
import { createLogger, type Logger } from '../../../src/logger';
import { DEFAULT_OWNERSHIP } from '../../../src/push/field-ownership';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { contactEvent, post, signedCallback } from '../../helpers/arlo-callback';
import { listen, type ListeningApp } from '../../helpers/listening-app';

jest.setTimeout(60_000);

/** Every form in which a secret could leak. */
function forms(secret: string, username?: string): string[] {
  const all = [secret, Buffer.from(secret).toString('base64')];
  if (username !== undefined) all.push(Buffer.from(`${username}:${secret}`).toString('base64'));
  return all;
}

interface Capture {
  readonly logger: Logger;
  text(): string;
}

function captureLogs(): Capture {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('trace', 'secret-hygiene', stream), text: () => lines.join('') };
}

/** An error as every consumer could render it: message, stack, inspect (with causes), JSON. */
function renderError(error: unknown): string {
  return [
    String(error),
    (error as Error).stack ?? '',
    inspect(error, { depth: 10 }),
    JSON.stringify(error),
  ].join('\n');
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function expectNoSecret(text: string, secrets: readonly string[]): void {
  expect(text.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** A loopback HTTP server answering every request with `answer`, and recording what it received. */
async function loopback(
  answer: (request: http.IncomingMessage, body: string) => { status: number; body: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const { status, body: text } = answer(request, body);
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('Arlo credentials', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator();
  });
  afterAll(() => simulator.close());

  it('a wrong Basic password (401 from the simulator) appears in no error, failure or log line', async () => {
    const password = 'wrong-password-Zq81x7';
    const { username } = simulator.credentials;
    const client = createArloClient({
      baseUrl: simulator.baseUrl,
      credentials: { kind: 'basic', username, password },
      timeoutMs: 5_000,
      maxResponseBytes: 1024 * 1024,
    });
    const error = await failureOf(client.getResource('Contact', '1'));
    expect((error as Error).name).toBe('ArloUnauthorisedError');
    const failure = toTemporalFailure(error);
    const logs = captureLogs();
    logs.logger.error({ err: error }, 'arlo call failed');
    logs.logger.error({ err: failure }, 'activity failed');
    expectNoSecret(
      renderError(error) + renderError(failure) + logs.text() + inspect(client),
      forms(password, username),
    );
  });

  it('an OAuth 2 client secret echoed back by the token endpoint stays out of errors and logs', async () => {
    const secret = 'oauth-client-secret-Hy7Qp2';
    const clientId = 'arlo-sync-client';
    // A token endpoint that repeats whatever it got, the way a careless server or proxy might.
    const endpoint = await loopback((request, body) => ({
      status: 401,
      body: JSON.stringify({
        error: 'invalid_client',
        error_description: `refused ${request.headers.authorization ?? ''} ${body} ${secret}`,
      }),
    }));
    try {
      for (const clientAuthentication of ['basic', 'body'] as const) {
        const credentials = oauth2ClientCredentials(
          { tokenUrl: `${endpoint.url}token`, clientId, clientSecret: secret },
          { clientAuthentication },
        );
        const client = createArloClient({
          baseUrl: endpoint.url,
          credentials,
          timeoutMs: 5_000,
          maxResponseBytes: 1024 * 1024,
        });
        const error = await failureOf(client.getResource('Contact', '1'));
        expect((error as Error).name).toBe('ArloCredentialsError');
        const logs = captureLogs();
        logs.logger.error({ err: error, credentials }, 'token request failed');
        expectNoSecret(
          renderError(error) + renderError(toTemporalFailure(error)) + logs.text() + inspect(credentials),
          [...forms(secret, clientId), encodeURIComponent(secret)],
        );
      }
    } finally {
      await endpoint.close();
    }
  });

  it('an issued access token refused by the API (401 after one refresh) stays out of errors', async () => {
    const accessToken = 'issued-access-token-Mm3K9w';
    const token = await loopback(() => ({
      status: 200,
      body: JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600 }),
    }));
    const api = await loopback((request) => ({
      status: 401,
      body: `<ApiException><Message>bad ${request.headers.authorization ?? ''}</Message></ApiException>`,
    }));
    try {
      const client = createArloClient({
        baseUrl: api.url,
        credentials: oauth2ClientCredentials({
          tokenUrl: `${token.url}token`,
          clientId: 'c',
          clientSecret: 's',
        }),
        timeoutMs: 5_000,
        maxResponseBytes: 1024 * 1024,
      });
      const error = await failureOf(client.getResource('Contact', '1'));
      expect((error as Error).name).toBe('ArloUnauthorisedError');
      expectNoSecret(renderError(error) + renderError(toTemporalFailure(error)), [accessToken]);
    } finally {
      await Promise.all([token.close(), api.close()]);
    }
  });
});

describe('configuration errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'secret-hygiene-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('name the variable, never the secret value', () => {
    const secret = 'not-base64-secret!Kp4';
    const broken = path.join(dir, 'platforms.json');
    // Not JSON: Node's parser quotes the text around the error, which here holds a password.
    writeFileSync(broken, `[{"name":"demo.arlo.co","password": ${secret}}]`);
    const messages: string[] = [];
    for (const env of [
      { ARLO_BASE_URL: 'https://demo.arlo.co/api/', ARLO_WEBHOOK_KEYS: secret },
      {
        ARLO_BASE_URL: 'https://demo.arlo.co/api/',
        ARLO_USERNAME: 'u',
        ARLO_PASSWORD: secret,
        PUSH_TOKENS: secret.slice(0, 8),
      },
      { ARLO_PLATFORMS_FILE: broken },
    ]) {
      try {
        loadConfig(env);
        throw new Error(`expected a ConfigError for ${JSON.stringify(Object.keys(env))}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        messages.push(renderError(error));
      }
    }
    expectNoSecret(messages.join('\n'), [secret, secret.slice(0, 8)]);
  });
});

describe('the receiver', () => {
  const webhookKey = Buffer.from('webhook-key-bytes-Tr5u0LpQ3vXy2Z').toString('base64');
  const pushToken = 'push-token-secret-Vb6n1Rr8';
  const logs = captureLogs();
  let server: ListeningApp;
  let failStarts = false;

  const temporal: WorkflowStartClient = {
    workflow: {
      start: () => (failStarts ? Promise.reject(new Error('Temporal unavailable')) : Promise.resolve({})),
    },
    withDeadline: (_deadline, fn) => fn(),
  };

  beforeAll(async () => {
    const config: Pick<Config, 'platforms' | 'receiver' | 'temporal'> = {
      platforms: [
        {
          name: 'demo.arlo.co',
          baseUrl: 'https://demo.arlo.co/api/2012-02-01/auth/resources/',
          credentials: { kind: 'basic', username: 'u', password: 'p' },
          webhookKeys: [webhookKey],
          vendorId: 'arlo-sync',
        },
      ],
      receiver: {
        host: '127.0.0.1',
        port: 0,
        webhookPath: '/webhooks/arlo',
        maxBodyBytes: 65536,
        publicUrl: undefined,
      },
      temporal: {
        address: undefined,
        namespace: 'default',
        taskQueue: 'secrets',
        arloTaskQueue: 'secrets-arlo',
        connection: {},
        devServerPort: 0,
        devUiPort: 0,
      },
    };
    server = await listen(
      createApp({
        config,
        temporal,
        readiness: { check: () => Promise.resolve({ ready: true, dependencies: {} }) },
        logger: logs.logger,
        registry: new Registry(),
        push: {
          tokens: [pushToken],
          ownership: DEFAULT_OWNERSHIP,
          platforms: ['demo.arlo.co'],
          push: () => Promise.reject(new Error('push failed')),
          submit: () => Promise.resolve({ workflowId: 'w' }),
        },
      }),
    );
  });
  afterAll(() => server.close());

  it('logs and answers callbacks (verified, forged, failing) without the webhook key', async () => {
    const webhookUrl = `${server.url}/webhooks/arlo`;
    const valid = signedCallback([contactEvent()], { platform: 'demo.arlo.co', keyBase64: webhookKey });
    const answers: string[] = [];
    answers.push(await (await post(webhookUrl, valid)).text());
    answers.push(
      await (
        await post(webhookUrl, { ...valid, headers: { ...valid.headers, 'X-Arlo-Signature': webhookKey } })
      ).text(),
    );
    answers.push(await (await post(webhookUrl, { ...valid, body: `${String(valid.body)} ` })).text());
    failStarts = true;
    answers.push(await (await post(webhookUrl, valid)).text());
    failStarts = false;
    const keyText = Buffer.from(webhookKey, 'base64').toString('latin1');
    expectNoSecret(answers.join('\n') + logs.text(), [webhookKey, keyText]);
  });

  it('logs and answers push requests (right, wrong, no token) without the token', async () => {
    const answers: string[] = [];
    for (const authorization of [`Bearer ${pushToken}`, `Bearer ${pushToken}x`, `Basic ${pushToken}`, '']) {
      const response = await fetch(`${server.url}/push/contacts`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'demo.arlo.co', externalId: 'HR-1', fields: { FirstName: 'A' } }),
      });
      answers.push(`${response.status} ${await response.text()}`);
    }
    expect(answers.filter((a) => a.startsWith('401'))).toHaveLength(3);
    expectNoSecret(answers.join('\n') + logs.text(), forms(pushToken));
  });
});
