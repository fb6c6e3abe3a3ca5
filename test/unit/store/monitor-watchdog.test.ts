import { EventEmitter } from 'node:events';

import {
  monitorSilenceLimitMs,
  watchServerMonitor,
  type MonitorWatchdogEvent,
} from '../../../src/store/monitor-watchdog';

/** A client whose heartbeats the test emits and whose reopening it records. */
class FakeClient extends EventEmitter {
  readonly calls: string[] = [];
  connectError: Error | undefined;
  close(): Promise<void> {
    this.calls.push('close');
    return Promise.resolve();
  }
  connect(): Promise<this> {
    this.calls.push('connect');
    return this.connectError ? Promise.reject(this.connectError) : Promise.resolve(this);
  }
}

function setUp(silentAfterMs = 1_000) {
  let clock = 0;
  const client = new FakeClient();
  const events: MonitorWatchdogEvent[] = [];
  const watchdog = watchServerMonitor(client, {
    silentAfterMs,
    // The test looks itself, through check(); the timer must never fire during it.
    checkEveryMs: 3_600_000,
    onEvent: (event) => events.push(event),
    now: () => clock,
  });
  return {
    client,
    events,
    watchdog,
    advance: (ms: number) => (clock += ms),
  };
}

describe('the store monitor watchdog', () => {
  it('leaves a client alone while any heartbeat event keeps coming', async () => {
    const { client, events, watchdog, advance } = setUp();
    for (const event of ['serverHeartbeatStarted', 'serverHeartbeatFailed', 'serverHeartbeatSucceeded']) {
      advance(900);
      client.emit(event);
      expect(await watchdog.check()).toBe(false);
    }
    expect(client.calls).toEqual([]);
    expect(events).toEqual([]);
    await watchdog.stop();
  });

  it('closes and reopens a client that heard nothing for the limit, and says for how long', async () => {
    const { client, events, watchdog, advance } = setUp();
    advance(999);
    expect(await watchdog.check()).toBe(false);
    advance(1);
    expect(await watchdog.check()).toBe(true);
    expect(client.calls).toEqual(['close', 'connect']);
    expect(events).toEqual([{ kind: 'reopening', silentForMs: 1_000 }, { kind: 'reopened' }]);
    // The silence is counted again from the reopening.
    advance(999);
    expect(await watchdog.check()).toBe(false);
    await watchdog.stop();
  });

  it('reopens once when looked at twice during a reopening', async () => {
    const { client, watchdog, advance } = setUp();
    advance(5_000);
    const [first, second] = await Promise.all([watchdog.check(), watchdog.check()]);
    expect([first, second]).toEqual([true, true]);
    expect(client.calls).toEqual(['close', 'connect']);
    await watchdog.stop();
  });

  it('says when the client could not be reopened, and tries again only after another silence', async () => {
    const { client, events, watchdog, advance } = setUp();
    client.connectError = new Error('connect ECONNREFUSED 127.0.0.1:27017');
    advance(1_000);
    expect(await watchdog.check()).toBe(false);
    expect(events).toEqual([
      { kind: 'reopening', silentForMs: 1_000 },
      { kind: 'reopen-failed', error: client.connectError },
    ]);
    advance(500);
    expect(await watchdog.check()).toBe(false);
    expect(client.calls).toEqual(['close', 'connect']);
    client.connectError = undefined;
    advance(500);
    expect(await watchdog.check()).toBe(true);
    expect(client.calls).toEqual(['close', 'connect', 'close', 'connect']);
    await watchdog.stop();
  });

  it('stops listening when stopped, and never reopens a stopped client', async () => {
    const { client, watchdog, advance } = setUp();
    await watchdog.stop();
    expect(client.listenerCount('serverHeartbeatStarted')).toBe(0);
    advance(10_000);
    expect(await watchdog.check()).toBe(false);
    expect(client.calls).toEqual([]);
  });

  it('allows the longer of a heartbeat interval and a connect plus handshake, and one interval more', () => {
    // The driver's defaults: heartbeats every 10 s, 30 s to connect and as long for the handshake.
    expect(monitorSilenceLimitMs({ heartbeatFrequencyMS: 10_000, connectTimeoutMS: 30_000 })).toBe(70_000);
    expect(monitorSilenceLimitMs({ heartbeatFrequencyMS: 60_000, connectTimeoutMS: 5_000 })).toBe(120_000);
  });
});
