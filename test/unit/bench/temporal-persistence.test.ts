import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  persistenceBetween,
  persistenceReading,
  readPersistence,
} from '../../../src/bench/temporal-persistence';

/** Lines as the Temporal dev server writes them, with the metrics around them that must not count. */
const EXPOSITION = [
  '# HELP persistence_requests persistence_requests counter',
  '# TYPE persistence_requests counter',
  'persistence_requests{namespace="default",operation="CreateWorkflowExecution",service_name="history"} 100',
  'persistence_requests{namespace="default",operation="UpdateWorkflowExecution",service_name="history"} 200',
  'persistence_requests{namespace="_unknown_",operation="GetNamespace",service_name="frontend"} 50',
  'persistence_requests_total_not_this{operation="Other"} 9999',
  'visibility_persistence_requests{operation="RecordWorkflowExecutionStarted"} 7777',
  'persistence_latency_bucket{operation="CreateWorkflowExecution",le="0.001"} 90',
  'persistence_latency_sum{operation="CreateWorkflowExecution",service_name="history"} 0.25',
  'persistence_latency_sum{operation="UpdateWorkflowExecution",service_name="history"} 0.5',
  'persistence_latency_count{operation="UpdateWorkflowExecution",service_name="history"} 200',
].join('\n');

describe('the Temporal server’s persistence calls', () => {
  it('sums every operation’s requests and latencies, and nothing else', () => {
    expect(persistenceReading(EXPOSITION)).toEqual({ requests: 350, latencySeconds: 0.75 });
  });

  it('gives calls per event and the calls in persistence on average over the span', () => {
    const figures = persistenceBetween(
      { requests: 1_000, latencySeconds: 2 },
      { requests: 3_000, latencySeconds: 6 },
      100,
      5_000,
    );
    // 2,000 calls for 100 events; 4 s of latency in 5 s of wall time: 0.8 calls in persistence at a time.
    expect(figures.requestsPerEvent).toBe(20);
    expect(figures.callsInPersistence).toBeCloseTo(0.8, 10);
  });

  describe('reading a server', () => {
    let server: Server;
    let status = 200;
    beforeAll(async () => {
      server = createServer((_request, response) => response.writeHead(status).end(EXPOSITION));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;

    it('reads the counters from the metrics endpoint', async () => {
      status = 200;
      await expect(readPersistence(url())).resolves.toEqual({ requests: 350, latencySeconds: 0.75 });
    });

    it('gives nothing, not zeros, when the endpoint answers with an error or not at all', async () => {
      status = 503;
      await expect(readPersistence(url())).resolves.toBeUndefined();
      await expect(readPersistence('http://127.0.0.1:1/metrics')).resolves.toBeUndefined();
    });
  });
});
