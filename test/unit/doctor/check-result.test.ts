import {
  doctorExitCode,
  fail,
  formatAge,
  formatReport,
  ok,
  skipped,
  warn,
  withTimeout,
} from '../../../src/doctor/check-result';

describe('doctor report', () => {
  const results = [
    ok('Temporal', 'reachable at t:7233'),
    warn('Watermark of p', 'no event processed yet', 'start the worker'),
    fail('MongoDB', 'cannot reach m', 'start MongoDB'),
    skipped('MongoDB indexes', 'MongoDB unreachable'),
  ];

  it('prints one line per check, with the fix under failures and warnings, and a summary', () => {
    expect(formatReport(results)).toEqual([
      '✓ Temporal: reachable at t:7233',
      '! Watermark of p: no event processed yet',
      '    fix: start the worker',
      '✗ MongoDB: cannot reach m',
      '    fix: start MongoDB',
      '- MongoDB indexes: MongoDB unreachable',
      '',
      '1 ok, 1 warn, 1 fail, 1 skipped.',
    ]);
  });

  it('exits non-zero only when a check failed', () => {
    expect(doctorExitCode(results)).toBe(1);
    expect(doctorExitCode(results.filter((r) => r.status !== 'fail'))).toBe(0);
  });

  it.each([
    [45_000, '45 s'],
    [5 * 60_000, '5 min'],
    [3.5 * 3600_000, '3.5 h'],
    [3 * 86400_000, '3.0 d'],
  ])('formats an age of %p ms as %p', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });

  it('turns a stuck check into a failure after its time limit', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'ping')).rejects.toThrow(
      'ping: no answer within 20 ms',
    );
    await expect(withTimeout(Promise.resolve(7), 1000, 'ping')).resolves.toBe(7);
  });
});
