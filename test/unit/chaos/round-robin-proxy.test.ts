import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startRoundRobinProxy, type RoundRobinProxy } from '../../../src/chaos/round-robin-proxy';

/** A tiny upstream that answers with its name, the method, the path and the body it received. */
async function upstream(name: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Upstream': name });
      res.end(
        JSON.stringify({ name, method: req.method, path: req.url, body: Buffer.concat(chunks).toString() }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A URL nothing listens on: a port that was free a moment ago. */
async function deadUrl(): Promise<string> {
  const { url, server } = await upstream('dead');
  await closeServer(server);
  return url;
}

async function post(proxy: RoundRobinProxy, path: string, body: string) {
  const response = await fetch(`${proxy.url}${path}`, { method: 'POST', body });
  return {
    status: response.status,
    upstream: response.headers.get('x-upstream'),
    json: await response.json(),
  };
}

describe('startRoundRobinProxy', () => {
  const servers: Server[] = [];
  let proxy: RoundRobinProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await Promise.all(servers.splice(0).map(closeServer));
  });

  it('sends each request to the next upstream in turn, with its method, path, body and answer intact', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    servers.push(a.server, b.server);
    proxy = await startRoundRobinProxy([a.url, b.url]);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await post(proxy, `/webhooks/arlo?n=${i}`, `body ${i}`));
    expect(answers.map((r) => r.upstream)).toEqual(['a', 'b', 'a', 'b']);
    expect(answers[3]).toEqual({
      status: 201,
      upstream: 'b',
      json: { name: 'b', method: 'POST', path: '/webhooks/arlo?n=3', body: 'body 3' },
    });
    expect(proxy.answeredBy()).toEqual([2, 2]);
  });

  it('skips an upstream that refuses the connection, and answers 502 when none accepts', async () => {
    const live = await upstream('live');
    servers.push(live.server);
    proxy = await startRoundRobinProxy([await deadUrl(), live.url]);
    const answers = [await post(proxy, '/push', 'x'), await post(proxy, '/push', 'y')];
    expect(answers.map((r) => [r.status, r.upstream])).toEqual([
      [201, 'live'],
      [201, 'live'],
    ]);
    expect(proxy.answeredBy()).toEqual([0, 2]);
    await proxy.close();

    proxy = await startRoundRobinProxy([await deadUrl(), await deadUrl()]);
    const response = await fetch(`${proxy.url}/push`, { method: 'POST', body: 'z' });
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('no receiver accepted the connection');
  });
});
