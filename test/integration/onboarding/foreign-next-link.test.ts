/**
 * A platform response whose `next` link points at another host is refused, and the credentials are never
 * sent there: the simulator renders every href on a second loopback server's origin (as a tampered proxy
 * or a mistaken custom domain would), and that server records every request it gets.
 */
import { createArloClient, ArloOriginViolationError } from '../../../src/arlo';
import { findFreePort } from '../../../src/devstack/free-port';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server';

const API_PATH = '/api/2012-02-01/auth/resources/';

let sim: RunningSimulator;
let elsewhere: LoopbackServer;
let realBaseUrl: string;

beforeAll(async () => {
  elsewhere = await startLoopbackServer();
  const port = await findFreePort();
  sim = await startSimulator({ port, publicOrigin: elsewhere.origin, onError: console.error });
  realBaseUrl = `http://127.0.0.1:${port}${API_PATH}`;
  await sim.control.seed({ counts: { Contact: 5 } });
});

afterAll(async () => {
  await sim.close();
  await elsewhere.close();
});

it('refuses a page whose next link leaves the platform, and sends nothing there', async () => {
  const client = createArloClient({
    baseUrl: realBaseUrl,
    credentials: { kind: 'basic', ...sim.credentials },
    timeoutMs: 10_000,
    maxResponseBytes: 1024 * 1024,
  });
  await sim.control.resetCounters();

  const error: unknown = await client.listPage('Contact', { top: 2 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ArloOriginViolationError);
  expect((error as ArloOriginViolationError).href).toContain(`${elsewhere.origin}${API_PATH}contacts/`);

  // Following such an href directly is refused before any request, too.
  await expect(
    client.listPageByHref(`${elsewhere.origin}${API_PATH}contacts/?skip=2&top=2`),
  ).rejects.toBeInstanceOf(ArloOriginViolationError);

  expect(elsewhere.requests).toEqual([]);
  expect((await sim.control.counters()).byEndpoint['GET /contacts/']?.total).toBe(1);
});
