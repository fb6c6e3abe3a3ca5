/**
 * A request answered before its body has arrived must not poison its connection: the receiver app
 * (createApp, over real HTTP) says `Connection: close` and closes, so a client's next request goes on a
 * new connection instead of into the unread rest of the body. Two requests on one keep-alive connection,
 * written by hand (test/helpers/raw-http.ts).
 */
import { Registry } from 'prom-client';

import { loadConfig } from '../../../src/config';
import { createApp } from '../../../src/http/app';
import { createLogger } from '../../../src/logger';
import { DEFAULT_OWNERSHIP } from '../../../src/push/field-ownership';
import { listen, type ListeningApp } from '../../helpers/listening-app';
import { openRawConnection } from '../../helpers/raw-http';

const TOKEN = 'unread-body-token-0123456789';
const WITHIN_MS = 20_000;
let server: ListeningApp;

beforeAll(async () => {
  server = await listen(
    createApp({
      config: { ...loadConfig({}), platforms: [] },
      temporal: { workflow: { start: () => Promise.resolve({}) }, withDeadline: (_d, fn) => fn() },
      readiness: { check: () => Promise.resolve({ ready: true, dependencies: {} }) },
      logger: createLogger('silent'),
      registry: new Registry(),
      push: {
        tokens: [TOKEN],
        ownership: DEFAULT_OWNERSHIP,
        platforms: ['demo.arlo.co'],
        push: () => Promise.resolve({ finished: true, outcome: { outcome: 'unchanged', arloId: '1' } }),
        submit: () => Promise.resolve({ workflowId: 'w' }),
      },
    }),
  );
});
afterAll(() => server.close());

function pushRequest(body: string, token = TOKEN): string {
  return (
    'POST /push/contacts HTTP/1.1\r\nHost: receiver\r\n' +
    `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
const HEALTH_CHECK = 'GET /healthz HTTP/1.1\r\nHost: receiver\r\n\r\n';

/** The header block of the first answer in `text`. */
function firstHeaders(text: string): string {
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

describe('a push answered before its body was read', () => {
  it('413: answers Connection: close and closes, so the next request is not lost on that connection', async () => {
    const connection = await openRawConnection(server.url);
    // A megabyte: far more than the 64 KB limit and than the socket buffers hold.
    connection.write(pushRequest(`{"externalId":"${'x'.repeat(1_000_000)}"}`) + HEALTH_CHECK);
    const text = await connection.closedByServer(WITHIN_MS);
    expect(text.startsWith('HTTP/1.1 413 ')).toBe(true);
    expect(firstHeaders(text)).toMatch(/^Connection: close$/im);
  });

  it('401 (no valid token): closes too, rather than reading a body nobody will use', async () => {
    const connection = await openRawConnection(server.url);
    connection.write(pushRequest(`{"externalId":"${'x'.repeat(1_000_000)}"}`, 'wrong-token') + HEALTH_CHECK);
    const text = await connection.closedByServer(WITHIN_MS);
    expect(text.startsWith('HTTP/1.1 401 ')).toBe(true);
    expect(firstHeaders(text)).toMatch(/^Connection: close$/im);
  });
});

it('keeps a connection alive across a push that was read whole, and answers the next request on it', async () => {
  const connection = await openRawConnection(server.url);
  connection.write(pushRequest('{"externalId":"HR-1","fields":{"FirstName":"Ana"}}') + HEALTH_CHECK);
  const answers = await connection.answers(2, WITHIN_MS);
  connection.destroy();
  expect(answers).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
  expect(firstHeaders(connection.received())).toMatch(/^Connection: keep-alive$/im);
});
