import pino from 'pino';

import { createReadinessChecker } from '../../../src/http/readiness';

const logger = pino({ level: 'silent' });

describe('readiness checker', () => {
  it('is ready when every probe answers', async () => {
    const checker = createReadinessChecker({
      probes: { temporal: () => Promise.resolve(), mongodb: () => Promise.resolve() },
      timeoutMs: 1000,
      logger,
    });
    const report = await checker.check();
    expect(report.ready).toBe(true);
    expect(report.dependencies.temporal?.status).toBe('up');
    expect(report.dependencies.mongodb?.status).toBe('up');
  });

  it('reports each dependency: a failing one is down with reason error, the others stay up', async () => {
    const checker = createReadinessChecker({
      probes: { temporal: () => Promise.resolve(), mongodb: () => Promise.reject(new Error('ECONNREFUSED')) },
      timeoutMs: 1000,
      logger,
    });
    const report = await checker.check();
    expect(report.ready).toBe(false);
    expect(report.dependencies.temporal?.status).toBe('up');
    expect(report.dependencies.mongodb).toMatchObject({ status: 'down', reason: 'error' });
    expect(JSON.stringify(report)).not.toContain('ECONNREFUSED');
  });

  it('bounds a hung probe by the timeout and aborts it', async () => {
    let aborted = false;
    const checker = createReadinessChecker({
      probes: {
        temporal: (signal) =>
          new Promise<void>(() => {
            signal.addEventListener('abort', () => (aborted = true));
          }),
      },
      timeoutMs: 50,
      logger,
    });
    const report = await checker.check();
    expect(report.dependencies.temporal).toMatchObject({ status: 'down', reason: 'timeout' });
    expect(report.dependencies.temporal?.latencyMs).toBeGreaterThanOrEqual(45);
    expect(aborted).toBe(true);
  });

  it('asks the dependencies at most once per maxAgeMs, however often it is called', async () => {
    let probed = 0;
    let clock = 1_000;
    const checker = createReadinessChecker({
      probes: {
        temporal: () => {
          probed += 1;
          return Promise.resolve();
        },
      },
      timeoutMs: 1000,
      logger,
      maxAgeMs: 1_500,
      now: () => clock,
    });
    // Calls while the first check runs share it; so do calls within maxAgeMs after it started.
    const reports = await Promise.all([checker.check(), checker.check(), checker.check()]);
    expect(reports.every((r) => r.ready)).toBe(true);
    clock += 1_499;
    await checker.check();
    expect(probed).toBe(1);

    clock += 1;
    await checker.check();
    expect(probed).toBe(2);
  });

  it('reports a dependency that went down once the cached report has aged out', async () => {
    let mongoUp = true;
    let clock = 0;
    const checker = createReadinessChecker({
      probes: { mongodb: () => (mongoUp ? Promise.resolve() : Promise.reject(new Error('down'))) },
      timeoutMs: 1000,
      logger,
      maxAgeMs: 1_500,
      now: () => clock,
    });
    expect((await checker.check()).ready).toBe(true);
    mongoUp = false;
    clock += 1_500;
    expect((await checker.check()).ready).toBe(false);
  });
});
