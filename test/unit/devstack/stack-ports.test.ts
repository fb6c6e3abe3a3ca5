/**
 * The ports `arlo-sync up` checks before it starts anything (src/devstack/stack-ports.ts): which ones
 * this configuration listens on, and one message naming every one that is taken with what moves it.
 */
import { createServer, type Server } from 'node:net';

import { loadConfig } from '../../../src/config';
import { assertPortsFree, portsUpListensOn, type WantedPort } from '../../../src/devstack/stack-ports';

const OWN_PLATFORM = {
  ARLO_BASE_URL: 'https://acme.arlo.co/api/2012-02-01/auth/resources/',
  ARLO_USERNAME: 'u',
  ARLO_PASSWORD: 'p',
};

const variables = (wanted: readonly WantedPort[]) => wanted.map((w) => `${w.variable}=${w.port}`);

describe('portsUpListensOn', () => {
  it('on embedded defaults: both servers, the Web UI, the receiver, the metrics and the demo', () => {
    expect(variables(portsUpListensOn(loadConfig({})))).toEqual([
      'ARLO_SYNC_DEV_TEMPORAL_PORT=7233',
      'ARLO_SYNC_DEV_TEMPORAL_UI_PORT=8233',
      'ARLO_SYNC_DEV_MONGODB_PORT=27017',
      'RECEIVER_PORT=3000',
      'WORKER_METRICS_PORT=9464',
      'SIMULATOR_PORT=4010',
      'SIMULATOR_CONTROL_PORT=4011',
    ]);
  });

  it('leaves out the servers the user runs, the simulator under a platform of theirs, and a 0 (any) port', () => {
    const config = loadConfig({
      ...OWN_PLATFORM,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      MONGODB_URI: 'mongodb://mongo.internal:27017/',
      WORKER_METRICS_PORT: '0',
      RECEIVER_HOST: '0.0.0.0',
      RECEIVER_PORT: '8080',
    });
    expect(portsUpListensOn(config)).toEqual([
      { port: 8080, host: '0.0.0.0', what: 'the webhook receiver', variable: 'RECEIVER_PORT' },
    ]);
  });
});

describe('assertPortsFree', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** A port something else listens on. */
  async function takenPort(): Promise<number> {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  const wanted = (port: number, variable: string, instead?: string): WantedPort => ({
    port,
    host: '127.0.0.1',
    what: `what ${variable} moves`,
    variable,
    ...(instead ? { instead } : {}),
  });

  it('passes when every port is free', async () => {
    const free = await takenPort();
    await new Promise((resolve) => servers.pop()?.close(resolve));
    await expect(assertPortsFree([wanted(free, 'RECEIVER_PORT')])).resolves.toBeUndefined();
  });

  it('names one taken port, what would listen there and the variables that avoid it', async () => {
    const port = await takenPort();
    await expect(
      assertPortsFree([wanted(port, 'ARLO_SYNC_DEV_TEMPORAL_PORT', 'TEMPORAL_ADDRESS')]),
    ).rejects.toThrow(
      `Port ${port} on 127.0.0.1 (what ARLO_SYNC_DEV_TEMPORAL_PORT moves) is already in use. Stop what ` +
        'uses it, or set ARLO_SYNC_DEV_TEMPORAL_PORT to another port, or set TEMPORAL_ADDRESS to use a ' +
        'server you already run.',
    );
  });

  it('names every taken port in one message, and only those', async () => {
    const first = await takenPort();
    const second = await takenPort();
    const free = await takenPort();
    await new Promise((resolve) => servers.pop()?.close(resolve));
    await expect(
      assertPortsFree([
        wanted(first, 'RECEIVER_PORT'),
        wanted(free, 'WORKER_METRICS_PORT'),
        wanted(second, 'SIMULATOR_PORT'),
      ]),
    ).rejects.toThrow(
      [
        'These ports are already in use:',
        `  ${first} on 127.0.0.1 (what RECEIVER_PORT moves): set RECEIVER_PORT to another port`,
        `  ${second} on 127.0.0.1 (what SIMULATOR_PORT moves): set SIMULATOR_PORT to another port`,
        'Stop what uses them, or move arlo-sync as shown.',
      ].join('\n'),
    );
  });
});
