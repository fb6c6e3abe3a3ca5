/**
 * When `arlo-sync up` stops (src/devstack/stop-requests.ts): at the first SIGINT, SIGTERM or SIGHUP, told
 * of every later one without ever ceasing to listen (a process with no listener left would die of a
 * repeated Ctrl-C and leave its servers running), and, once its terminal is gone, deaf to the errors of
 * writing to it.
 */
import { EventEmitter } from 'node:events';

import { listenForStopRequests, type StopSignal } from '../../../src/devstack/stop-requests';

function setUp() {
  const source = new EventEmitter();
  const terminal = { stdout: new EventEmitter(), stderr: new EventEmitter() };
  const told: string[] = [];
  const requests = listenForStopRequests(
    (signal, repeated) => told.push(`${signal}${repeated ? ' again' : ''}`),
    source,
    terminal,
  );
  const send = (...signals: StopSignal[]) => signals.forEach((signal) => source.emit(signal));
  return { source, terminal, told, requests, send };
}

describe('listenForStopRequests', () => {
  it.each<StopSignal>(['SIGINT', 'SIGTERM', 'SIGHUP'])('settles with a first %s', async (signal) => {
    const { requests, send, told } = setUp();
    expect(requests.requested()).toBeUndefined();
    send(signal);
    await expect(requests.first).resolves.toBe(signal);
    expect(requests.requested()).toBe(signal);
    expect(told).toEqual([signal]);
  });

  it('keeps the first signal and is told of every repeat, still listening', async () => {
    const { source, requests, send, told } = setUp();
    send('SIGINT', 'SIGINT', 'SIGTERM');
    await expect(requests.first).resolves.toBe('SIGINT');
    expect(told).toEqual(['SIGINT', 'SIGINT again', 'SIGTERM again']);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      expect(source.listenerCount(signal)).toBe(1);
  });

  it('after SIGHUP, a write error on the closed terminal is not thrown', () => {
    const { terminal, send } = setUp();
    expect(() => terminal.stdout.emit('error', new Error('EIO'))).toThrow('EIO');
    send('SIGHUP');
    expect(() => terminal.stdout.emit('error', new Error('EIO'))).not.toThrow();
    expect(() => terminal.stderr.emit('error', new Error('EIO'))).not.toThrow();
  });
});
