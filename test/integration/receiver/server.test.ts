/**
 * The receiver process as src/server.ts composes it, against the harness's real Temporal and a
 * FerretDB of its own (so the test can stop it): it serves callbacks and the operator surface,
 * readiness follows MongoDB going away, and close() ends cleanly with keep-alive connections open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Client } from '@temporalio/client';

import type { Config } from '../../../src/config';
import { startFerretDbServer, type FerretDbServer } from '../../../src/devstack/ferretdb-server';
import { toolPaths } from '../../../src/devstack/tools';
import { workflowIds } from '../../../src/domain/workflow-ids';
import { createLogger } from '../../../src/logger';
import { startReceiver, type RunningReceiver } from '../../../src/server';
import { contactEvent, post, signedCallback, testWebhookKey } from '../../helpers/arlo-callback';
import { testClient, testConfig, uniqueName } from '../../helpers/test-stack';

jest.setTimeout(90_000);

const PLATFORM = 'demo.arlo.co';
const KEY = testWebhookKey('server-test');

let ferret: FerretDbServer | undefined;
let ferretDir: string;
let receiver: RunningReceiver | undefined;
let client: Client;
let config: Config;

beforeAll(async () => {
  const base = testConfig();
  ferretDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-receiver-ferretdb-'));
  ferret = await startFerretDbServer({ binary: toolPaths(base.toolsDir).ferretdb, dataDir: ferretDir });
  config = {
    ...base,
    mongo: { ...base.mongo, uri: ferret.uri },
    temporal: { ...base.temporal, taskQueue: uniqueName('server') },
    receiver: { ...base.receiver, port: 0 },
    platforms: [
      {
        name: PLATFORM,
        baseUrl: 'https://demo.arlo.co/api/2012-02-01/auth/resources/',
        credentials: { kind: 'basic', username: 'u', password: 'p' },
        webhookKeys: [KEY],
        vendorId: 'arlo-sync',
      },
    ],
  };
  client = await testClient(config);
  receiver = await startReceiver(config, createLogger('silent'));
});

afterAll(async () => {
  await receiver?.close();
  await ferret?.stop();
  await rm(ferretDir, { recursive: true, force: true });
  await client.connection.close();
});

/** Polls /readyz until it answers `status`; fails with the last status after `withinMs`. */
async function readyzUntil(status: number, withinMs: number): Promise<Response> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const response = await fetch(`${receiver!.url}/readyz`);
    if (response.status === status || Date.now() > deadline) {
      expect(response.status).toBe(status);
      return response;
    }
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the receiver process', () => {
  it('accepts a signed callback and starts its workflow', async () => {
    const event = contactEvent();
    const response = await post(
      `${receiver!.url}${config.receiver.webhookPath}`,
      signedCallback([event], { platform: PLATFORM, keyBase64: KEY }),
    );
    expect(response.status).toBe(200);
    const handle = client.workflow.getHandle(workflowIds.processEvent(PLATFORM, event.id));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('receiver server test cleanup');
  });

  it('serves liveness and default plus receiver metrics', async () => {
    expect((await fetch(`${receiver!.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${receiver!.url}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(metrics).toContain(
      'arlo_sync_webhook_callbacks_total{outcome="accepted",platform="demo.arlo.co"} 1',
    );
  });

  it('is ready while Temporal and MongoDB answer, and not ready once MongoDB stops', async () => {
    const ready = await fetch(`${receiver!.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      dependencies: { temporal: { status: 'up' }, mongodb: { status: 'up' } },
    });

    await ferret!.stop();
    ferret = undefined;

    // A report is reused for a second (src/server.ts): the next one after that sees MongoDB gone.
    const notReady = await readyzUntil(503, 15_000);
    expect(await notReady.json()).toMatchObject({
      ready: false,
      dependencies: { temporal: { status: 'up' }, mongodb: { status: 'down' } },
    });
  });

  it('closes with a keep-alive connection open, and then refuses connections', async () => {
    const url = receiver!.url;
    // fetch keeps this connection open after the answer.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const started = Date.now();
    await receiver!.close();
    receiver = undefined;
    process.stderr.write(`[receiver] closed in ${Date.now() - started} ms\n`);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
