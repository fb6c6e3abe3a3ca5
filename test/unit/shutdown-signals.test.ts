/**
 * The signal policy of the receiver and the worker (src/shutdown-signals.ts): the first SIGINT or
 * SIGTERM stops gracefully, a second SIGINT forces the exit, and a SIGTERM while stopping changes
 * nothing (a supervisor's SIGTERM right after the terminal's Ctrl-C must not cut the work being finished).
 */
import { EventEmitter } from 'node:events';

import { onShutdownSignals, type ShutdownSignal } from '../../src/shutdown-signals';

function setUp() {
  const source = new EventEmitter();
  const calls: string[] = [];
  onShutdownSignals(
    {
      stop: (signal) => calls.push(`stop ${signal}`),
      force: (signal) => calls.push(`force ${signal}`),
      alreadyStopping: (signal) => calls.push(`already ${signal}`),
    },
    source,
  );
  const send = (...signals: ShutdownSignal[]) => signals.forEach((signal) => source.emit(signal));
  return { source, calls, send };
}

describe('onShutdownSignals', () => {
  it.each<ShutdownSignal>(['SIGINT', 'SIGTERM'])('stops gracefully on a first %s', (signal) => {
    const { calls, send } = setUp();
    send(signal);
    expect(calls).toEqual([`stop ${signal}`]);
  });

  it("keeps stopping gracefully when a supervisor's SIGTERM follows the terminal's Ctrl-C", () => {
    const { calls, send } = setUp();
    send('SIGINT', 'SIGTERM', 'SIGTERM');
    expect(calls).toEqual(['stop SIGINT', 'already SIGTERM', 'already SIGTERM']);
  });

  it('exits at once on a second Ctrl-C, after either first signal', () => {
    const first = setUp();
    first.send('SIGINT', 'SIGINT');
    expect(first.calls).toEqual(['stop SIGINT', 'force SIGINT']);
    const second = setUp();
    second.send('SIGTERM', 'SIGINT');
    expect(second.calls).toEqual(['stop SIGTERM', 'force SIGINT']);
  });

  it('stays listening while stopping, so no later signal meets the default action', () => {
    const { source, send } = setUp();
    send('SIGINT');
    expect(source.listenerCount('SIGINT')).toBe(1);
    expect(source.listenerCount('SIGTERM')).toBe(1);
  });
});
