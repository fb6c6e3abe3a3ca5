/**
 * When `arlo-sync up` should stop: at the first SIGINT (Ctrl-C), SIGTERM, or SIGHUP (its terminal was
 * closed). Its processes run in process groups of their own (./managed-process.ts, `ownProcessGroup`), so
 * that it can stop them in order, and so it alone hears the terminal and must stop them in every case:
 * it keeps listening, and a repeated signal (a second Ctrl-C, or the same one forwarded again by npm or
 * npx) never kills it half-way, which would leave the servers running. The stop is bounded all the
 * same: each process gets its grace period and is then killed.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface StopRequests {
  /** Settles with the first signal. */
  readonly first: Promise<StopSignal>;
  /** The first signal so far, if any. */
  requested(): StopSignal | undefined;
}

/** The parts of `process` this needs, so that tests can use emitters of their own. */
export interface StopSignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
}
export interface TerminalStreams {
  readonly stdout: { on(event: 'error', listener: () => void): unknown };
  readonly stderr: { on(event: 'error', listener: () => void): unknown };
}

export function listenForStopRequests(
  /** Told of every signal; `repeated` is false for the first. */
  onSignal: (signal: StopSignal, repeated: boolean) => void,
  source: StopSignalSource = process,
  terminal: TerminalStreams = process,
): StopRequests {
  let requested: StopSignal | undefined;
  let settle: (signal: StopSignal) => void = () => undefined;
  const first = new Promise<StopSignal>((resolve) => (settle = resolve));
  for (const signal of STOP_SIGNALS) {
    source.on(signal, () => {
      if (signal === 'SIGHUP') {
        // The terminal is gone: what is still written to it fails, and must not end the stop early.
        terminal.stdout.on('error', () => undefined);
        terminal.stderr.on('error', () => undefined);
      }
      if (requested !== undefined) {
        onSignal(signal, true);
        return;
      }
      requested = signal;
      onSignal(signal, false);
      settle(signal);
    });
  }
  return { first, requested: () => requested };
}
