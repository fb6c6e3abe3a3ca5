/**
 * /readyz against real dependencies: the harness's Temporal (reached through a loopback TCP relay the
 * test can cut) and its MongoDB. Ready while both answer; once Temporal is unreachable, 503 naming
 * Temporal as down and MongoDB as still up, within the probe's time bound. (MongoDB going away is
 * covered by server.test.ts.)
 */
import net from 'node:net';

import { Client, Connection } from '@temporalio/client';
import { Registry } from 'prom-client';

import { createApp } from '../../../src/http/app';
import { createReadinessChecker } from '../../../src/http/readiness';
import { mongoProbe, temporalProbe } from '../../../src/http/readiness-probes';
import { trackTemporalCalls, type TrackedTemporalCalls } from '../../../src/http/temporal-calls';
import { createLogger } from '../../../src/logger';
import type { MongoConnection } from '../../../src/store/mongo';
import { listen, type ListeningApp } from '../../helpers/listening-app';
import { testConfig, testMongo } from '../../helpers/test-stack';

jest.setTimeout(60_000);

const PROBE_TIMEOUT_MS = 1_500;

interface Relay {
  readonly address: string;
  /** Stops accepting and drops every relayed connection: the server behind is now unreachable. */
  cut(): Promise<void>;
}

async function startRelay(target: string): Promise<Relay> {
  const [host = '127.0.0.1', port = '7233'] = target.split(':');
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(port), host);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let relay: Relay;
let connection: Connection;
let calls: TrackedTemporalCalls;
let mongo: MongoConnection;
let server: ListeningApp;

beforeAll(async () => {
  const config = testConfig();
  relay = await startRelay(config.temporal.address ?? '127.0.0.1:7233');
  connection = await Connection.connect({ address: relay.address });
  // Tracked, so the connection is closed only after the probe's last retry has settled (see temporal-calls.ts).
  calls = trackTemporalCalls(new Client({ connection, namespace: config.temporal.namespace }));
  const client = calls.client;
  mongo = await testMongo(config);
  const logger = createLogger('silent');
  server = await listen(
    createApp({
      config,
      temporal: client,
      readiness: createReadinessChecker({
        probes: {
          temporal: temporalProbe(client, PROBE_TIMEOUT_MS),
          mongodb: mongoProbe(mongo.db, PROBE_TIMEOUT_MS),
        },
        timeoutMs: PROBE_TIMEOUT_MS,
        logger,
      }),
      logger,
      registry: new Registry(),
    }),
  );
});

afterAll(async () => {
  await server.close();
  await calls.settled();
  await connection.close();
  await mongo.close();
});

it('is ready while Temporal and MongoDB answer, and 503 naming Temporal once it is unreachable', async () => {
  const ready = await fetch(`${server.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({
    ready: true,
    dependencies: { temporal: { status: 'up' }, mongodb: { status: 'up' } },
  });

  await relay.cut();
  const started = performance.now();
  const notReady = await fetch(`${server.url}/readyz`);
  const elapsedMs = performance.now() - started;
  expect(notReady.status).toBe(503);
  expect(await notReady.json()).toMatchObject({
    ready: false,
    dependencies: { temporal: { status: 'down' }, mongodb: { status: 'up' } },
  });
  // Bounded by the probe's timeout (plus scheduling slack on a loaded machine), never a hang.
  expect(elapsedMs).toBeLessThan(PROBE_TIMEOUT_MS + 3_000);
});
