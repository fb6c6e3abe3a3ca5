/**
 * The worker's /metrics server holds slow clients to the same limits as the receiver
 * (src/http/http-server.ts): connections that never finish their headers are answered 408 and closed,
 * and are reported as client faults, while a well-behaved scrape is still answered.
 */
import { Registry } from 'prom-client';

import type { ClientFault } from '../../../src/http/client-faults';
import { SERVER_LIMITS } from '../../../src/http/http-server';
import { startMetricsServer, type RunningMetricsServer } from '../../../src/http/metrics-server';
import { openRawConnection } from '../../helpers/raw-http';

// Far above the limit plus Node's checking interval: this says "closed", not how fast.
const WITHIN_MS = 4 * (SERVER_LIMITS.headersTimeoutMs + SERVER_LIMITS.checkingIntervalMs);
jest.setTimeout(WITHIN_MS + 30_000);

const faults: ClientFault[] = [];
let server: RunningMetricsServer;

beforeAll(async () => {
  server = await startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    registry: new Registry(),
    onClientFault: (fault) => faults.push(fault),
  });
});
afterAll(() => server.close());

it('answers 408 and closes connections whose headers never finish, and still serves a scrape', async () => {
  const slow = await Promise.all(Array.from({ length: 20 }, () => openRawConnection(server.url)));
  for (const connection of slow) connection.write('GET /metrics HTTP/1.1\r\nHost: worker\r\n');

  expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  const answers = await Promise.all(slow.map((connection) => connection.closedByServer(WITHIN_MS)));
  for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  expect(faults).toHaveLength(20);
  expect(new Set(faults.map((f) => f.code))).toEqual(new Set(['ERR_HTTP_REQUEST_TIMEOUT']));
});
