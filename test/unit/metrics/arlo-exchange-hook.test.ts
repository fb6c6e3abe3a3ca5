/**
 * The Arlo HTTP client reports every exchange through `onExchange` (the one place Arlo calls are
 * counted), and the worker's metrics endpoint serves what was recorded. Real loopback servers.
 */
import { basicCredentials } from '../../../src/arlo/credentials';
import { createArloHttpClient } from '../../../src/arlo/http-client';
import type { ArloCallObservation } from '../../../src/metrics/arlo-call-observation';
import { startMetricsServer, type RunningMetricsServer } from '../../../src/http/metrics-server';
import { recordArloCall, workerRegistry } from '../../../src/metrics/worker-metrics';
import { replyXml, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server';

const API = '/api/2012-02-01/auth/resources/';
let arlo: LoopbackServer;
let metrics: RunningMetricsServer;

beforeAll(async () => {
  arlo = await startLoopbackServer();
  metrics = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: workerRegistry });
});
afterAll(async () => {
  await arlo.close();
  await metrics.close();
});

function client(observations: ArloCallObservation[], timeoutMs = 2_000) {
  return createArloHttpClient({
    baseUrl: `${arlo.origin}${API}`,
    credentials: basicCredentials('api-user', 'pw'),
    timeoutMs,
    maxResponseBytes: 1024 * 1024,
    onExchange: (call) => {
      observations.push(call);
      recordArloCall('hook.arlo.co', call);
    },
  });
}

it('reports answered, refused and failed exchanges with a bounded endpoint label', async () => {
  const observations: ArloCallObservation[] = [];
  // Long enough for a loopback answer on a loaded machine; contacts/3 waits it out once.
  const http = client(observations, 2_000);
  arlo.handle((request, response) => {
    if (request.url.startsWith(`${API}contacts/1/`)) replyXml(response, '<Contact/>');
    else if (request.url.startsWith(`${API}contacts/2/`)) replyXml(response, '', 429, { 'Retry-After': '1' });
    else if (request.url.startsWith(`${API}contacts/3/`))
      return; // never answers: the client times out
    else replyXml(response, '', 404);
  });
  await http.send({ method: 'GET', target: 'contacts/1/?expand=x' });
  await expect(http.send({ method: 'GET', target: 'contacts/2/' })).rejects.toMatchObject({
    kind: 'rate-limited',
  });
  await expect(http.send({ method: 'GET', target: 'contacts/3/' })).rejects.toMatchObject({
    kind: 'timeout',
  });
  await expect(
    http.send({ method: 'PATCH', target: 'organisations/9/', body: '<diff/>' }),
  ).rejects.toMatchObject({
    kind: 'not-found',
  });
  expect(observations.map(({ method, endpoint, status }) => [method, endpoint, status])).toEqual([
    ['GET', 'contacts/:id/', '200'],
    ['GET', 'contacts/:id/', '429'],
    ['GET', 'contacts/:id/', 'timeout'],
    ['PATCH', 'organisations/:id/', '404'],
  ]);
  expect(observations.every((o) => o.durationMs >= 0)).toBe(true);

  // The worker's /metrics serves what the hook recorded.
  const text = await (await fetch(`${metrics.url}/metrics`)).text();
  expect(text).toContain(
    'arlo_sync_arlo_requests_total{platform="hook.arlo.co",method="GET",endpoint="contacts/:id/",status="429"} 1',
  );
  expect(text).toContain('arlo_sync_arlo_rate_limited_total{platform="hook.arlo.co"} 1');
  expect((await fetch(`${metrics.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${metrics.url}/other`)).status).toBe(404);
});

it('refuses a port already in use with a message naming the variable', async () => {
  const port = Number(new URL(metrics.url).port);
  await expect(startMetricsServer({ host: '127.0.0.1', port, registry: workerRegistry })).rejects.toThrow(
    /WORKER_METRICS_PORT/,
  );
});
