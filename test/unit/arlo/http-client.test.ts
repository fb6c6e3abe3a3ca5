/**
 * The transport against real loopback servers: headers, gzip, timeouts, the streamed size limit, status
 * mapping with trustworthy `retryable`/`retryAfterMs`, and the origin lock: hrefs elsewhere are refused
 * before any request, proven by a second server that records everything it receives.
 */
import { gzipSync } from 'node:zlib';

import { basicCredentials } from '../../../src/arlo/credentials';
import {
  ArloBadRequestError,
  ArloConflictError,
  ArloForbiddenError,
  ArloMalformedResponseError,
  ArloMergedRecordRedirect,
  ArloNetworkError,
  ArloNotFoundError,
  ArloOriginViolationError,
  ArloRateLimitedError,
  ArloResponseTooLargeError,
  ArloServerError,
  ArloTimeoutError,
  ArloUnauthorisedError,
  ArloUnexpectedStatusError,
  type ArloError,
} from '../../../src/arlo/errors';
import {
  createArloHttpClient,
  type ArloHttpClient,
  type ArloHttpRequest,
} from '../../../src/arlo/http-client';
import { arloFixture } from '../../helpers/arlo-fixtures';
import { replyXml, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server';

const API = '/api/2012-02-01/auth/resources/';
const CONTACT = arloFixture('contact-expanded-employment.xml');
const NOW = Date.parse('2024-01-15T08:00:00Z');

let arlo: LoopbackServer;
let elsewhere: LoopbackServer;
let client: ArloHttpClient;

beforeAll(async () => {
  arlo = await startLoopbackServer();
  elsewhere = await startLoopbackServer((_request, response) => replyXml(response, CONTACT));
  client = makeClient();
});

afterAll(async () => {
  await arlo.close();
  await elsewhere.close();
});

beforeEach(() => {
  arlo.requests.length = 0;
  elsewhere.requests.length = 0;
});

function makeClient(overrides: { timeoutMs?: number; maxResponseBytes?: number } = {}): ArloHttpClient {
  return createArloHttpClient({
    baseUrl: `${arlo.origin}${API}`,
    credentials: basicCredentials('api-user', 'correct horse'),
    timeoutMs: overrides.timeoutMs ?? 2_000,
    maxResponseBytes: overrides.maxResponseBytes ?? 1024 * 1024,
    now: () => NOW,
  });
}

async function failure(request: ArloHttpRequest, using: ArloHttpClient = client): Promise<ArloError> {
  try {
    await using.send(request);
  } catch (error) {
    return error as ArloError;
  }
  throw new Error('expected the request to fail');
}

const get = (target: string): ArloHttpRequest => ({ method: 'GET', target });

describe('requests', () => {
  it('send XML headers and the credentials, and resolve relative paths under the base URL', async () => {
    arlo.handle((_request, response) => replyXml(response, CONTACT));
    const response = await client.send(get('contacts/562/?expand=Employment'));
    expect(response.body).toBe(CONTACT);
    expect(response.url).toBe(`${arlo.origin}${API}contacts/562/?expand=Employment`);
    const [request] = arlo.requests;
    expect(request?.url).toBe(`${API}contacts/562/?expand=Employment`);
    expect(request?.headers.accept).toBe('application/xml');
    expect(request?.headers['accept-encoding']).toMatch(/gzip/);
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from('api-user:correct horse').toString('base64')}`,
    );
    expect(request?.headers['content-type']).toBeUndefined();
  });

  it('send bodies as application/xml', async () => {
    arlo.handle((_request, response) => replyXml(response, CONTACT));
    await client.send({ method: 'PATCH', target: 'contacts/562/', body: '<diff/>' });
    expect(arlo.requests[0]).toMatchObject({ method: 'PATCH', body: '<diff/>' });
    expect(arlo.requests[0]?.headers['content-type']).toBe('application/xml');
  });

  it('decode gzip responses', async () => {
    arlo.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Encoding': 'gzip' });
      response.end(gzipSync(CONTACT));
    });
    expect((await client.send(get('contacts/562/'))).body).toBe(CONTACT);
  });
});

describe('the origin lock', () => {
  it.each([
    ['another port on the same host', () => `${elsewhere.origin}${API}contacts/?skip=100`],
    ['a protocol-relative href', () => `//${new URL(elsewhere.origin).host}${API}contacts/`],
    [
      'the same port under another host name',
      () => `http://localhost:${new URL(arlo.origin).port}${API}contacts/`,
    ],
    ['https on the same host', () => `https://127.0.0.1:${new URL(arlo.origin).port}${API}contacts/`],
    ['plain http to a public host', () => `http://demo.arlo.co${API}contacts/`],
    ['credentials in the URL', () => `http://user:pw@127.0.0.1:${new URL(arlo.origin).port}${API}contacts/`],
    ['a non-http scheme', () => `file:///etc/passwd`],
  ])('refuses %s before any request', async (_what, href) => {
    const error = await failure(get(href()));
    expect(error).toBeInstanceOf(ArloOriginViolationError);
    expect(error.retryable).toBe(false);
    expect(arlo.requests).toHaveLength(0);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('surfaces a same-origin 308 as the merge redirect, without following it', async () => {
    arlo.handle((_request, response) => {
      response.writeHead(308, { Location: `${API}contacts/872/` });
      response.end();
    });
    const error = await failure(get('contacts/562/'));
    expect(error).toBeInstanceOf(ArloMergedRecordRedirect);
    expect(error).toMatchObject({ status: 308, location: `${arlo.origin}${API}contacts/872/` });
    expect(arlo.requests).toHaveLength(1);
  });

  it('refuses a 308 whose Location is on another host, and sends nothing there', async () => {
    arlo.handle((_request, response) => {
      response.writeHead(308, { Location: `${elsewhere.origin}${API}contacts/872/` });
      response.end();
    });
    expect(await failure(get('contacts/562/'))).toBeInstanceOf(ArloOriginViolationError);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('does not follow other redirects either', async () => {
    arlo.handle((_request, response) => {
      response.writeHead(302, { Location: `${elsewhere.origin}/` });
      response.end();
    });
    expect(await failure(get('contacts/562/'))).toBeInstanceOf(ArloUnexpectedStatusError);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it.each([
    ['plain http to a public host', 'http://demo.arlo.co/api/'],
    ['a base URL without trailing slash', 'https://demo.arlo.co/api'],
    ['a relative base URL', '/api/'],
  ])('is configured safely: refuses %s', (_what, baseUrl) => {
    expect(() =>
      createArloHttpClient({
        baseUrl,
        credentials: basicCredentials('u', 'p'),
        timeoutMs: 1000,
        maxResponseBytes: 1000,
      }),
    ).toThrow(TypeError);
  });
});

describe('limits', () => {
  it('times out a server that never answers, as a retryable timeout', async () => {
    arlo.handle(() => undefined); // never answers
    const started = Date.now();
    const error = await failure(get('contacts/562/'), makeClient({ timeoutMs: 300 }));
    expect(error).toBeInstanceOf(ArloTimeoutError);
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out a body that stalls after the headers', async () => {
    arlo.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/xml' });
      response.write('<Contact>');
    });
    expect(await failure(get('contacts/562/'), makeClient({ timeoutMs: 300 }))).toBeInstanceOf(
      ArloTimeoutError,
    );
  });

  it('stops reading an endless body at the limit and drops the connection', async () => {
    const total = 64 * 1024 * 1024;
    let written = 0;
    let closed = false;
    arlo.handle((_request, response) => {
      response.on('close', () => (closed = true));
      response.writeHead(200, { 'Content-Type': 'application/xml' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = (): void => {
        while (!closed && written < total) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        if (!closed) response.end();
      };
      pump();
    });
    const error = await failure(get('contacts/'), makeClient({ maxResponseBytes: 64 * 1024 }));
    expect(error).toBeInstanceOf(ArloResponseTooLargeError);
    expect(error.retryable).toBe(false);
    await waitFor(() => closed);
    expect(written).toBeLessThan(total / 4);
  });

  it('refuses a declared Content-Length over the limit', async () => {
    arlo.handle((_request, response) => replyXml(response, `<a>${'x'.repeat(10_000)}</a>`));
    expect(await failure(get('contacts/'), makeClient({ maxResponseBytes: 1_000 }))).toBeInstanceOf(
      ArloResponseTooLargeError,
    );
  });

  it('counts decompressed bytes, so a small gzip bomb is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, ' '));
    arlo.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Encoding': 'gzip' });
      response.end(bomb);
    });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await failure(get('contacts/'), makeClient({ maxResponseBytes: 1024 * 1024 }))).toBeInstanceOf(
      ArloResponseTooLargeError,
    );
  });

  it('passes a caller’s cancellation through as it is', async () => {
    arlo.handle(() => undefined);
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    setTimeout(() => controller.abort(reason), 50);
    await expect(client.send({ ...get('contacts/562/'), signal: controller.signal })).rejects.toBe(reason);
  });
});

describe('failures', () => {
  it('reports a refused connection as a retryable network failure', async () => {
    const gone = await startLoopbackServer();
    const port = new URL(gone.origin).port;
    await gone.close();
    const closedClient = createArloHttpClient({
      baseUrl: `http://127.0.0.1:${port}${API}`,
      credentials: basicCredentials('u', 'p'),
      timeoutMs: 2_000,
      maxResponseBytes: 1_000,
    });
    const error = await failure(get('contacts/'), closedClient);
    expect(error).toBeInstanceOf(ArloNetworkError);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('reports a connection dropped mid-body as a retryable network failure', async () => {
    arlo.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': '1000' });
      response.write('<Contact>', () => response.socket?.destroy());
    });
    const error = await failure(get('contacts/562/'));
    expect(error).toBeInstanceOf(ArloNetworkError);
    expect(error.retryable).toBe(true);
  });

  it('reports a body that is not UTF-8 as malformed', async () => {
    arlo.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/xml' });
      response.end(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]));
    });
    const error = await failure(get('contacts/562/'));
    expect(error).toBeInstanceOf(ArloMalformedResponseError);
    expect(error.retryable).toBe(false);
  });
});

describe('status mapping', () => {
  function answer(status: number, body = '', headers: Record<string, string> = {}): void {
    arlo.handle((_request, response) => replyXml(response, body, status, headers));
  }
  const apiException = (code: string, message: string) =>
    `<ApiException><Code>${code}</Code><Message>${message}</Message></ApiException>`;

  it('429 with Retry-After seconds', async () => {
    answer(429, '{"error":"rate_limit_exceeded","retryAfter":5}', { 'Retry-After': '60' });
    const error = await failure(get('contacts/'));
    expect(error).toBeInstanceOf(ArloRateLimitedError);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 60_000 });
  });

  it('429 with an HTTP-date Retry-After', async () => {
    answer(429, '', { 'Retry-After': 'Mon, 15 Jan 2024 08:00:42 GMT' });
    expect(await failure(get('contacts/'))).toMatchObject({ retryAfterMs: 42_000 });
  });

  it('429 falls back to the JSON body’s retryAfter', async () => {
    answer(429, '{"error":"rate_limit_exceeded","message":"slow down","retryAfter":60}');
    expect(await failure(get('contacts/'))).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
  });

  it('429 with nothing to go by leaves the delay to the retry policy, and caps absurd delays', async () => {
    answer(429, 'busy');
    expect((await failure(get('contacts/'))).retryAfterMs).toBeUndefined();
    answer(429, '', { 'Retry-After': '86400' });
    expect((await failure(get('contacts/'))).retryAfterMs).toBe(15 * 60 * 1000);
  });

  it.each([
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [505, false],
  ])('%i is a server error, retryable: %p', async (status, retryable) => {
    answer(status, apiException('InternalError', 'oops'));
    const error = await failure(get('contacts/'));
    expect(error).toBeInstanceOf(ArloServerError);
    expect(error).toMatchObject({ status, retryable });
    expect(error.message).toMatch(/InternalError: oops/);
  });

  it('503 carries its Retry-After', async () => {
    answer(503, '', { 'Retry-After': '7' });
    expect(await failure(get('contacts/'))).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
  });

  it('404 carries Arlo’s message and is permanent', async () => {
    answer(404, apiException('NotFound', 'Contact 9 not found'));
    const error = await failure(get('contacts/9/'));
    expect(error).toBeInstanceOf(ArloNotFoundError);
    expect(error).toMatchObject({ retryable: false, method: 'GET', url: `${arlo.origin}${API}contacts/9/` });
    expect(error.message).toContain('Contact 9 not found');
  });

  it('400 on GET is a bad request carrying Arlo’s code and message', async () => {
    answer(400, apiException('InvalidFilter', "Unknown field 'Foo'"));
    const error = await failure(get('contacts/?filter=Foo%20eq%201'));
    expect(error).toBeInstanceOf(ArloBadRequestError);
    expect(error).toMatchObject({
      arloCode: 'InvalidFilter',
      arloMessage: "Unknown field 'Foo'",
      retryable: false,
    });
  });

  it('400 on PATCH is a conflict: the diff no longer applies', async () => {
    answer(400, arloFixture('api-exception.xml'));
    const error = await failure({ method: 'PATCH', target: 'contacts/562/', body: '<diff/>' });
    expect(error).toBeInstanceOf(ArloConflictError);
    expect(error).toMatchObject({ status: 400, retryable: false, arloCode: 'InvalidPatchDocument' });
    expect(error.message).toMatch(/GET it again and rebuild the diff/);
  });

  it.each([409, 412])('%i is a conflict', async (status) => {
    answer(status);
    expect(
      await failure({ method: 'PUT', target: 'contacts/1/integrationdata/x/', body: '<a/>' }),
    ).toBeInstanceOf(ArloConflictError);
  });

  it('403 is forbidden, 408 a retryable timeout, 406 unexpected', async () => {
    answer(403);
    expect(await failure(get('contacts/'))).toBeInstanceOf(ArloForbiddenError);
    answer(408);
    expect(await failure(get('contacts/'))).toMatchObject({ kind: 'timeout', status: 408, retryable: true });
    answer(406);
    expect(await failure(get('contacts/'))).toMatchObject({ kind: 'unexpected-status', retryable: false });
  });

  it('401 with Basic credentials fails at once (a retry would send the same password)', async () => {
    answer(401);
    const error = await failure(get('contacts/'));
    expect(error).toBeInstanceOf(ArloUnauthorisedError);
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('correct horse');
    expect(arlo.requests).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
