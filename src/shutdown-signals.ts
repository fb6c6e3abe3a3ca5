/**
 * How a long-running process of ours answers SIGINT and SIGTERM. The first of either starts a graceful
 * stop. While that runs, another SIGINT forces the exit (someone pressed Ctrl-C again), but a SIGTERM
 * does not: whoever sends SIGTERM (a supervisor, an orchestrator, `arlo-sync up`) escalates to SIGKILL
 * by itself when it has waited long enough, and it often sends its SIGTERM just after a terminal's Ctrl-C
 * has already reached every process of the group. Counting that SIGTERM as a second request would cut
 * the in-flight work the first one is finishing.
 */
export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

export interface ShutdownSignalHandlers {
  /** The first signal: stop gracefully. Called once. */
  readonly stop: (signal: ShutdownSignal) => void;
  /** A SIGINT while stopping: exit now. */
  readonly force: (signal: ShutdownSignal) => void;
  /** A SIGTERM while stopping: nothing to do but say so. */
  readonly alreadyStopping: (signal: ShutdownSignal) => void;
}

/** The part of `process` this needs, so that tests can send signals to an emitter of their own. */
export interface SignalSource {
  on(signal: ShutdownSignal, listener: () => void): unknown;
}

/** Installs the handlers for the life of the process. */
export function onShutdownSignals(handlers: ShutdownSignalHandlers, source: SignalSource = process): void {
  let stopping = false;
  const listen = (signal: ShutdownSignal) => () => {
    if (!stopping) {
      stopping = true;
      handlers.stop(signal);
    } else if (signal === 'SIGINT') {
      handlers.force(signal);
    } else {
      handlers.alreadyStopping(signal);
    }
  };
  source.on('SIGINT', listen('SIGINT'));
  source.on('SIGTERM', listen('SIGTERM'));
}
