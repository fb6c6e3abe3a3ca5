/**
 * A closing server (src/http/http-server.ts, `closeServer`) must not be held open by a keep-alive client
 * that keeps sending, as Arlo's webhook dispatcher and load balancers do: every answer is given whole,
 * and the server closes long before its grace period would cut the connection. Real HTTP on 127.0.0.1.
 */
import { Agent, request } from 'node:http';

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

it.each([
  ['answers a moment later', ANSWER_AFTER_MS],
  ['answers at once (before the closing server sees the request)', undefined],
])(
  'closes once the answers in flight are given, however busy a keep-alive client keeps its connection: a handler that %s',
  async (_name, answerAfterMs) => {
    const server = createHttpServer((_req, res) => {
      if (answerAfterMs === undefined) res.end('answered');
      else setTimeout(() => res.end('answered'), answerAfterMs);
    });
    const url = await listenOn(server, '127.0.0.1', 0, 'TEST_PORT');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers: Answer[] = [];
    let refusal: unknown;
    // Back to back on one connection until the server refuses a new one.
    const client = (async () => {
      for (;;) {
        try {
          answers.push(await post(url, agent));
        } catch (error) {
          refusal = error;
          return;
        }
      }
    })();
    try {
      while (answers.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));

      const closed = closeServer(server, GRACE_MS).then(() => 'closed');
      const outcome = await Promise.race([
        closed,
        new Promise((resolve) => setTimeout(() => resolve('still open'), WITHIN_MS)),
      ]);
      await client;

      expect(outcome).toBe('closed');
      expect(answers.every((answer) => answer.status === 200 && answer.body === 'answered')).toBe(true);
      // The client sees the server gone: its next connection refused, or, when its request crossed the
      // closing of an idle connection (Node closes idle keep-alive connections on close), reset.
      expect(['ECONNREFUSED', 'ECONNRESET']).toContain((refusal as NodeJS.ErrnoException).code);
    } finally {
      agent.destroy();
      server.closeAllConnections();
    }
  },
);
