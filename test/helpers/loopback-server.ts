/**
 * A real HTTP server on 127.0.0.1 and a free port, for tests of HTTP clients. It records every request
 * it receives (method, URL, headers, body) before the handler answers, so a test can also prove that a
 * request never arrived. `close()` drops open connections (keep-alive, stalled answers) first, so no
 * handle outlives the test.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type LoopbackHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Replace the handler (e.g. per test). */
  handle(handler: LoopbackHandler): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(initial: LoopbackHandler = notFound): Promise<LoopbackServer> {
  let handler = initial;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function notFound(_request: RecordedRequest, response: ServerResponse): void {
  response.statusCode = 404;
  response.end();
}

/** Answer with an XML body (and optional status and headers). */
export function replyXml(
  response: ServerResponse,
  body: string,
  status = 200,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/xml; charset=utf-8', ...headers });
  response.end(body);
}
