/** Pushes are counted by outcome where their outcome is known (the receiver); the worker's metrics port is configurable. */
import { Registry } from 'prom-client';

import { ConfigError, loadConfig } from '../../../src/config';
import type { PushOutcome } from '../../../src/domain/push-messages';
import { createApp } from '../../../src/http/app';
import { createLogger } from '../../../src/logger';
import { DEFAULT_OWNERSHIP } from '../../../src/push/field-ownership';
import { listen, type ListeningApp } from '../../helpers/listening-app';

const TOKEN = 'push-metrics-token-0123456789';
const registry = new Registry();
let outcome: PushOutcome = { outcome: 'patched', arloId: '1', fields: ['FirstName'] };
let server: ListeningApp;

beforeAll(async () => {
  const base = loadConfig({});
  server = await listen(
    createApp({
      config: { ...base, platforms: [] },
      temporal: { workflow: { start: () => Promise.resolve({}) }, withDeadline: (_d, fn) => fn() },
      readiness: { check: () => Promise.resolve({ ready: true, dependencies: {} }) },
      logger: createLogger('silent'),
      registry,
      push: {
        tokens: [TOKEN],
        ownership: DEFAULT_OWNERSHIP,
        platforms: ['demo.arlo.co'],
        push: () => Promise.resolve({ finished: true, outcome }),
        submit: () => Promise.resolve({ workflowId: 'w' }),
      },
    }),
  );
});
afterAll(() => server.close());

const push = (body: unknown) =>
  fetch(`${server.url}/push/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

it('counts pushes by outcome and resource type', async () => {
  const request = { platform: 'demo.arlo.co', externalId: 'HR-1', fields: { FirstName: 'Ana' } };
  expect((await push(request)).status).toBe(200);
  outcome = { outcome: 'failed', reason: 'Arlo refused' };
  expect((await push(request)).status).toBe(502);
  expect((await push({ ...request, wait: false })).status).toBe(202);
  expect((await push({ platform: 'nowhere' })).status).toBe(400);
  const text = await registry.metrics();
  for (const counted of ['patched', 'failed', 'submitted', 'invalid']) {
    expect(text).toContain(`arlo_sync_pushes_total{outcome="${counted}",resource_type="Contact"} 1`);
  }
});

describe('WORKER_METRICS_PORT / WORKER_METRICS_HOST', () => {
  it('default to 127.0.0.1:9464; 0 disables', () => {
    expect(loadConfig({}).worker).toEqual({ metricsHost: '127.0.0.1', metricsPort: 9464 });
    expect(loadConfig({ WORKER_METRICS_PORT: '0', WORKER_METRICS_HOST: '0.0.0.0' }).worker).toEqual({
      metricsHost: '0.0.0.0',
      metricsPort: 0,
    });
  });

  it('refuse a port that is not one, naming the variable', () => {
    expect(() => loadConfig({ WORKER_METRICS_PORT: 'ninety' })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT/);
  });
});
