/**
 * Reopens a MongoDB client whose server monitor has gone silent.
 *
 * The driver learns that a server is back only from its monitor's heartbeats: an operation waits in
 * server selection for the monitor to see the server, it never probes the server itself. The monitor
 * schedules each check when the previous one has called back, so a check that never ends stops it for
 * good, and with it every operation of the client, while the server is up. That is what one
 * production-lane chaos run (2026-12-06) looked like: after FerretDB was restarted, one worker's client
 * failed every store call for 12 minutes with the server-selection error naming the connection that had
 * closed at the restart, the error that any heartbeat, succeeded or failed, would have replaced; the
 * other processes reconnected at once, and a new client reached the same FerretDB.
 *
 * A monitor that works is never silent for long: a check starts at least every `heartbeatFrequencyMS`
 * and ends within its connect and handshake timeouts, failed or not (a server that is down gives failed
 * heartbeats, not silence). So when the client has heard none for longer than that allows (70 s with
 * the driver's defaults), the watchdog closes and reopens it. The client's `Db` handles stay valid:
 * operations use whatever topology the client has. Calls in flight at that moment fail and are retried
 * by their activity or caller.
 */

/** What the watchdog needs of a `MongoClient` (so it can be unit-tested without one). */
export interface MonitoredClient {
  on(event: HeartbeatEvent, listener: () => void): unknown;
  removeListener(event: HeartbeatEvent, listener: () => void): unknown;
  close(): Promise<void>;
  connect(): Promise<unknown>;
}

type HeartbeatEvent = 'serverHeartbeatStarted' | 'serverHeartbeatSucceeded' | 'serverHeartbeatFailed';

const HEARTBEAT_EVENTS: readonly HeartbeatEvent[] = [
  'serverHeartbeatStarted',
  'serverHeartbeatSucceeded',
  'serverHeartbeatFailed',
];

export type MonitorWatchdogEvent =
  | { readonly kind: 'reopening'; readonly silentForMs: number }
  | { readonly kind: 'reopened' }
  | { readonly kind: 'reopen-failed'; readonly error: Error };

export interface MonitorWatchdogOptions {
  /** Reopen the client when no heartbeat event has come for this long. */
  readonly silentAfterMs: number;
  /** How often to look (default: a tenth of `silentAfterMs`). */
  readonly checkEveryMs?: number;
  readonly onEvent: (event: MonitorWatchdogEvent) => void;
  readonly now?: () => number;
}

export interface MonitorWatchdog {
  /** Looks once now; resolves to whether it reopened the client. */
  check(): Promise<boolean>;
  /** Stops watching; resolves once a reopening in flight has ended (then the client may be closed). */
  stop(): Promise<void>;
}

/**
 * How long a monitor that works can stay silent, with room to spare: a check announces its start, and
 * its end within a connect and a handshake (each bounded by `connectTimeoutMS`); the next check starts
 * `heartbeatFrequencyMS` after that. The longer of the two gaps, and one heartbeat interval more.
 */
export function monitorSilenceLimitMs(options: {
  readonly heartbeatFrequencyMS: number;
  readonly connectTimeoutMS: number;
}): number {
  const { heartbeatFrequencyMS, connectTimeoutMS } = options;
  return Math.max(heartbeatFrequencyMS, 2 * connectTimeoutMS) + heartbeatFrequencyMS;
}

export function watchServerMonitor(
  client: MonitoredClient,
  options: MonitorWatchdogOptions,
): MonitorWatchdog {
  const now = options.now ?? Date.now;
  let lastHeard = now();
  let reopening: Promise<boolean> | undefined;
  let stopped = false;
  const heard = (): void => {
    lastHeard = now();
  };
  for (const event of HEARTBEAT_EVENTS) client.on(event, heard);

  async function reopen(silentForMs: number): Promise<boolean> {
    options.onEvent({ kind: 'reopening', silentForMs });
    try {
      await client.close();
      if (stopped) return false;
      await client.connect();
      options.onEvent({ kind: 'reopened' });
      return true;
    } catch (error) {
      options.onEvent({ kind: 'reopen-failed', error: error as Error });
      return false;
    } finally {
      // Whatever happened, the next look counts from here: a client that could not connect now is
      // tried again after another whole silence, not at every tick.
      lastHeard = now();
    }
  }

  function check(): Promise<boolean> {
    if (stopped) return Promise.resolve(false);
    if (reopening) return reopening;
    const silentForMs = now() - lastHeard;
    if (silentForMs < options.silentAfterMs) return Promise.resolve(false);
    reopening = reopen(silentForMs).finally(() => {
      reopening = undefined;
    });
    return reopening;
  }

  const timer = setInterval(
    () => void check(),
    options.checkEveryMs ?? Math.max(1, Math.round(options.silentAfterMs / 10)),
  );
  timer.unref();
  return {
    check,
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const event of HEARTBEAT_EVENTS) client.removeListener(event, heard);
      await reopening;
    },
  };
}
