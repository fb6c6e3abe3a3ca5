/**
 * A real MongoDB driver whose server monitor hangs, against the test stack's store behind a proxy with
 * switchable faults. The proxy drops every connection while a call is in flight (as a restart does):
 * the call fails on its closed connection, which marks the server unknown, as in the production-lane
 * run this guards against. The proxy holds the monitor's next connection open without answering; with
 * `connectTimeoutMS=0` (no timeout) that check never ends, which stops the monitor for good. Then the
 * proxy forwards again, so the store is back for anyone who asks.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

import { MongoClient, MongoError, MongoServerSelectionError, type Collection } from 'mongodb';

import { connectMongo, type MongoConnection } from '../../../src/store/mongo';
import type { MonitorWatchdogEvent } from '../../../src/store/monitor-watchdog';
import { startFaultyTcpProxy, type FaultyTcpProxy } from '../../helpers/faulty-tcp-proxy';
import { testConfig, uniqueName } from '../../helpers/test-stack';

const HEARTBEAT_MS = 500;

/** The test store's URI through the proxy, with heartbeats every 500 ms and no connect timeout. */
async function proxiedStore(): Promise<{ proxy: FaultyTcpProxy; uri: string }> {
  const uri = testConfig().mongo.uri;
  if (!uri) throw new Error('MONGODB_URI is not set: run integration tests through jest (global setup)');
  const url = new URL(uri);
  if (url.protocol !== 'mongodb:' || url.host.includes(','))
    throw new Error(`this test proxies a single-host mongodb:// URI; MONGODB_URI is ${url.protocol}//...`);
  const proxy = await startFaultyTcpProxy(url.hostname, Number(url.port || 27017));
  url.host = proxy.address;
  url.searchParams.set('connectTimeoutMS', '0');
  url.searchParams.set('heartbeatFrequencyMS', String(HEARTBEAT_MS));
  return { proxy, uri: url.toString() };
}

/** Resolves once a heartbeat check has started and not ended for three heartbeat intervals. */
async function monitorHung(client: MongoClient): Promise<void> {
  for (;;) {
    await once(client, 'serverHeartbeatStarted');
    const ended = Promise.race([
      once(client, 'serverHeartbeatSucceeded'),
      once(client, 'serverHeartbeatFailed'),
    ]).then(() => true);
    if (!(await Promise.race([ended, sleep(3 * HEARTBEAT_MS).then(() => false)]))) return;
  }
}

/** Restart with a call in flight, hang the monitor's next check, and bring the store back. */
async function restartAndHangTheMonitor(
  client: MongoClient,
  proxy: FaultyTcpProxy,
  items: Collection,
): Promise<void> {
  const hung = monitorHung(client);
  proxy.stallRequests();
  const inFlight = items.findOne({});
  // Written to the proxy, not passed on: the call waits for its answer.
  await once(client, 'commandStarted');
  proxy.treatNewConnections('hang');
  proxy.dropAll();
  // ECONNRESET or "connection closed", and one retry that finds no server.
  await expect(inFlight).rejects.toThrow(MongoError);
  await hung;
  proxy.treatNewConnections('forward');
}

describe('a MongoDB client whose server monitor hangs', () => {
  let proxy: FaultyTcpProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('without the watchdog, fails server selection for good although the store is back', async () => {
    const store = await proxiedStore();
    proxy = store.proxy;
    const client = new MongoClient(store.uri, { serverSelectionTimeoutMS: 2_000, monitorCommands: true });
    try {
      await client.connect();
      const items = client.db(uniqueName('watchdog')).collection('items');
      await items.insertOne({ _id: 'before' as never });
      await restartAndHangTheMonitor(client, store.proxy, items);
      // Three whole selection timeouts, each long enough for several heartbeats of a working monitor.
      for (let attempt = 0; attempt < 3; attempt++)
        await expect(items.findOne({})).rejects.toThrow(MongoServerSelectionError);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('with the watchdog (connectMongo), is reopened and the handles taken before work again', async () => {
    const store = await proxiedStore();
    proxy = store.proxy;
    const events: MonitorWatchdogEvent[] = [];
    let mongo: MongoConnection | undefined;
    try {
      mongo = await connectMongo(store.uri, uniqueName('watchdog'), {
        onMonitorWatchdog: (event) => events.push(event),
        // Commands are announced (the test waits for its call to be in flight).
        onCommand: () => undefined,
      });
      const items = mongo.db.collection('items');
      await items.insertOne({ _id: 'before' as never });
      await restartAndHangTheMonitor(mongo.client, store.proxy, items);
      // The watchdog may already have tried while the proxy still hung or dropped connections; each
      // failed try is followed by another once the new client has been silent as long.
      while (events.at(-1)?.kind !== 'reopened') await sleep(100);
      expect(await items.findOne({ _id: 'before' as never })).toEqual({ _id: 'before' });
      await items.insertOne({ _id: 'after' as never });
      expect(await items.countDocuments()).toBe(2);
      // Silent for at least the limit: the longer of a heartbeat and two connect timeouts (none here),
      // and a heartbeat more.
      const first = events[0];
      expect(first?.kind).toBe('reopening');
      expect(first?.kind === 'reopening' && first.silentForMs).toBeGreaterThanOrEqual(2 * HEARTBEAT_MS);
      await mongo.db.dropDatabase();
    } finally {
      await mongo?.close();
    }
  }, 60_000);
});
