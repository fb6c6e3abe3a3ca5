import { logMonitorWatchdog } from '../../../src/store/monitor-watchdog-log';
import { capturedLog } from '../../helpers/captured-log';

function capture() {
  const { lines, logger } = capturedLog('info');
  return { lines, log: logMonitorWatchdog(logger) };
}

describe('the store monitor watchdog in the log', () => {
  it('warns with the silence when it reopens the client, and says when that worked or not', () => {
    const { lines, log } = capture();
    log({ kind: 'reopening', silentForMs: 71_000 });
    log({ kind: 'reopened' });
    log({ kind: 'reopen-failed', error: new Error('Server selection timed out after 10000 ms') });
    expect(lines.map(({ level, msg, silentForMs }) => ({ level, msg, silentForMs }))).toEqual([
      {
        level: 40,
        msg: 'MongoDB client heard no server heartbeat for too long; reopening it',
        silentForMs: 71_000,
      },
      { level: 30, msg: 'MongoDB client reopened', silentForMs: undefined },
      {
        level: 50,
        msg: 'MongoDB client could not be reopened; trying again after another silence',
        silentForMs: undefined,
      },
    ]);
    expect(lines[2]).toMatchObject({ err: { message: 'Server selection timed out after 10000 ms' } });
  });
});
