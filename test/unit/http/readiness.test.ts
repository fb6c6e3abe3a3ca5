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
});
