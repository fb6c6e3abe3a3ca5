/**
 * A closing server (src/http/http-server.ts, `closeServer`) must not be held open by a keep-alive client
 * that keeps sending, as Arlo's webhook dispatcher and load balancers do: every answer is given whole,
 * and the server closes long before its grace period would cut the connection. Real HTTP on 127.0.0.1.
 */
import { Agent, request, type Server } from 'node:http';

import { closeServer, createHttpServer, listenOn } from '../../../src/http/http-server';

const ANSWER_AFTER_MS = 20;
const GRACE_MS = 60_000; // far beyond the test's own limit: reaching it fails the test
const WITHIN_MS = 5_000;

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
  readonly body: string;
}

function post(url: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

/** A keep-alive client sending back to back on one connection until the server refuses it. */
function keepSending(url: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const answers: Answer[] = [];
  let lastError: NodeJS.ErrnoException | undefined;
  const done = (async () => {
    for (;;) {
      try {
        answers.push(await post(url, agent));
      } catch (error) {
        lastError = error as NodeJS.ErrnoException;
        return;
      }
    }
  })();
  return { agent, answers, done, lastError: () => lastError };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function closedWithin(server: Server, ms: number): Promise<'closed' | 'still open'> {
  const closed = closeServer(server, GRACE_MS).then(() => 'closed' as const);
  return Promise.race([closed, sleep(ms).then(() => 'still open' as const)]);
}

it('closes with the answer in flight, though its keep-alive client would send on the connection at once', async () => {
  // Answers after a moment; the one in flight when the stop begins is held until the stop has begun.
  let hold: ((release: () => void) => void) | undefined;
  const server = createHttpServer((_req, res) => {
    const answer = () => res.end('answered');
    if (hold) {
      hold(answer);
      hold = undefined;
    } else setTimeout(answer, ANSWER_AFTER_MS);
  });
  const url = await listenOn(server, '127.0.0.1', 0, 'TEST_PORT');
  const client = keepSending(url);
  try {
    while (client.answers.length < 3) await sleep(5);
    const held = new Promise<() => void>((resolve) => (hold = resolve));
    const release = await held;

    const outcome = closedWithin(server, WITHIN_MS);
    release();

    expect(await outcome).toBe('closed');
    await client.done;
    expect(client.answers.every((a) => a.status === 200 && a.body === 'answered')).toBe(true);
    expect(client.answers.at(-1)?.connection).toBe('close'); // the held answer was the connection's last
    expect(client.lastError()?.code).toBe('ECONNREFUSED');
  } finally {
    client.agent.destroy();
    server.closeAllConnections();
  }
});

it('closes, without an error, when the app answers at once (before the closing server sees the request)', async () => {
  const server = createHttpServer((_req, res) => res.end('answered'));
  const url = await listenOn(server, '127.0.0.1', 0, 'TEST_PORT');
  const client = keepSending(url);
  try {
    while (client.answers.length < 3) await sleep(5);

    expect(await closedWithin(server, WITHIN_MS)).toBe('closed');
    await client.done;
    expect(client.answers.every((a) => a.status === 200 && a.body === 'answered')).toBe(true);
    // Refused, or reset where a request crossed the closing of an idle connection (Node closes idle
    // keep-alive connections on close); for a webhook either is a redelivery, not a loss.
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(client.lastError()?.code);
  } finally {
    client.agent.destroy();
    server.closeAllConnections();
  }
});
