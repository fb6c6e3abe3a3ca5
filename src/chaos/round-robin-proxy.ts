/**
 * The load balancer in front of several receivers in a chaos run, as small as one can be: each request
 * goes to the next receiver in turn; a receiver that refuses the connection (stopped, restarting) is
 * skipped for the next one, as a load balancer's passive health check would; when none accepts, 502.
 * The request body is read whole first (callbacks and pushes are small), so it can be sent again.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  readonly url: string;
  /** Requests each upstream answered (any status), in the order given. */
  answeredBy(): readonly number[];
  close(): Promise<void>;
}

/** Larger than any callback or push body the receivers accept. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  if (upstreams.length === 0) throw new Error('a proxy needs at least one upstream');
  const answered = upstreams.map(() => 0);
  let next = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (body === undefined) {
        res.writeHead(413).end();
        return;
      }
      for (let tried = 0; tried < upstreams.length; tried++) {
        const index = next;
        next = (next + 1) % upstreams.length;
        if (await forward(upstreams[index] as string, req, body, res)) {
          answered[index] = (answered[index] ?? 0) + 1;
          return;
        }
      }
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end('no receiver accepted the connection\n');
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answeredBy: () => [...answered],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Sends the request to one upstream and pipes its answer back. Resolves false when the upstream could not
 * be reached (nothing was sent to the client, so another may be tried); true once an answer is relayed.
 */
function forward(
  upstream: string,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
): Promise<boolean> {
  return new Promise((resolve) => {
    const target = new URL(req.url ?? '/', upstream);
    const outgoing = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => resolve(true));
        answer.on('error', () => {
          res.destroy();
          resolve(true);
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        resolve(true);
        return;
      }
      // Refused or reset before any answer: this upstream is down; the caller tries the next one.
      if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') resolve(false);
      else {
        res.writeHead(502).end();
        resolve(true);
      }
    });
    outgoing.end(body);
  });
}
