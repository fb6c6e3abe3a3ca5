/**
 * The receiver process as src/server.ts composes it (real Temporal and FerretDB from the harness), held
 * to account by clients that misbehave on a raw socket: headers that never finish, and a Content-Length
 * that overstates the body. Each is answered and closed within a bound far above the limit it hits
 * (the test says "closed", never how fast), callbacks keep being accepted meanwhile, and the log says
 * what happened at warn level, without a stack.
 */
import { Writable } from 'node:stream';

import type { Client } from '@temporalio/client';

import type { Config } from '../../../src/config';
import { workflowIds } from '../../../src/domain/workflow-ids';
import { SERVER_LIMITS } from '../../../src/http/http-server';
import { createLogger } from '../../../src/logger';
import { startReceiver, type RunningReceiver } from '../../../src/server';
import { contactEvent, post, signedCallback, testWebhookKey } from '../../helpers/arlo-callback';
import { openRawConnection } from '../../helpers/raw-http';
import { testClient, testConfig, uniqueName } from '../../helpers/test-stack';

const PLATFORM = 'slow.arlo.co';
const KEY = testWebhookKey('slow-clients');
/** Three times the longest limit a test hits plus Node's checking interval: generous, not a figure. */
const WITHIN_MS =
  3 *
  (Math.max(SERVER_LIMITS.headersTimeoutMs, SERVER_LIMITS.bodyReadTimeoutMs) +
    SERVER_LIMITS.checkingIntervalMs);
jest.setTimeout(WITHIN_MS + 60_000);

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}
const logLines: LogLine[] = [];
const WARN = 40;

let config: Config;
let client: Client;
let receiver: RunningReceiver;
let webhookUrl: string;

beforeAll(async () => {
  const base = testConfig();
  config = {
    ...base,
    temporal: { ...base.temporal, taskQueue: uniqueName('slow-clients') },
    receiver: { ...base.receiver, port: 0 },
    platforms: [
      {
        name: PLATFORM,
        baseUrl: 'https://slow.arlo.co/api/2012-02-01/auth/resources/',
        credentials: { kind: 'basic', username: 'u', password: 'p' },
        webhookKeys: [KEY],
        vendorId: 'arlo-sync',
      },
    ],
  };
  client = await testClient(config);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logLines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  receiver = await startReceiver(config, createLogger('info', 'slow-clients-test', sink));
  webhookUrl = `${receiver.url}${config.receiver.webhookPath}`;
});

afterAll(async () => {
  await receiver.close();
  await client.connection.close();
});

function expectNoStackAboveInfo(): void {
  const loud = logLines.filter((line) => line.level > WARN);
  expect(loud).toEqual([]);
  expect(logLines.filter((line) => JSON.stringify(line).includes('"stack"'))).toEqual([]);
}

it('answers 408 and closes connections whose headers never finish, while callbacks are still accepted', async () => {
  const slow = await Promise.all(Array.from({ length: 20 }, () => openRawConnection(receiver.url)));
  for (const connection of slow)
    connection.write(`POST ${config.receiver.webhookPath} HTTP/1.1\r\nHost: r\r\n`);

  const event = contactEvent();
  const accepted = await post(webhookUrl, signedCallback([event], { platform: PLATFORM, keyBase64: KEY }));
  expect(accepted.status).toBe(200);
  await client.workflow.getHandle(workflowIds.processEvent(PLATFORM, event.id)).terminate('test cleanup');

  const answers = await Promise.all(slow.map((connection) => connection.closedByServer(WITHIN_MS)));
  for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  const timeouts = logLines.filter((line) => line.code === 'ERR_HTTP_REQUEST_TIMEOUT');
  expect(timeouts).toHaveLength(20);
  expect(new Set(timeouts.map((line) => line.level))).toEqual(new Set([WARN]));
  expectNoStackAboveInfo();
});

it('answers 408 with its request ID to a callback whose body never reaches its Content-Length, and closes', async () => {
  const connection = await openRawConnection(receiver.url);
  const body = '{"events":[]}';
  connection.write(
    `POST ${config.receiver.webhookPath} HTTP/1.1\r\nHost: r\r\nX-Arlo-Platform: ${PLATFORM}\r\n` +
      `X-Arlo-Signature: c2lnbmF0dXJl\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length + 100}\r\n\r\n${body}`,
  );
  const answer = await connection.closedByServer(WITHIN_MS);
  expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  expect(answer).toMatch(/\r\nConnection: close\r\n/i);
  const requestId = /\r\nX-Request-Id: ([\w-]+)\r\n/i.exec(answer)?.[1];
  expect(requestId).toBeDefined();
  const rejection = logLines.find((line) => line.requestId === requestId && line.msg === 'request rejected');
  expect(rejection).toMatchObject({ level: WARN, status: 408 });
  expectNoStackAboveInfo();
});
