/**
 * A minimal HTTP endpoint for a process that has no web server of its own (the worker): `GET /metrics`
 * in Prometheus' text format, `GET /healthz` for liveness, 404 for anything else. node:http, because
 * two fixed routes need no framework; the same limits as every other server (http-server.ts).
 */
import type { Server } from 'node:http';

import type { Registry } from 'prom-client';

import type { ClientFault } from './client-faults';
import { closeServer, createHttpServer, listenOn } from './http-server';

export interface MetricsServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests); the caller decides whether 0 means "disabled". */
  readonly port: number;
  readonly registry: Registry;
  /** Told of each client that timed out, hung up or sent what is not HTTP. */
  readonly onClientFault?: (fault: ClientFault) => void;
}

export interface RunningMetricsServer {
  /** e.g. `http://127.0.0.1:9464` */
  readonly url: string;
  close(): Promise<void>;
}

function serve(options: MetricsServerOptions): Server {
  const { registry } = options;
  return createHttpServer(
    (request, response) => {
      const path = (request.url ?? '/').split('?', 1)[0];
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      } else if (path === '/metrics') {
        registry.metrics().then(
          (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
          () => response.writeHead(500).end('metrics could not be collected\n'),
        );
      } else if (path === '/healthz') {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      } else {
        response.writeHead(404).end();
      }
    },
    options.onClientFault ? { onClientFault: options.onClientFault } : {},
  );
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<RunningMetricsServer> {
  const server = serve(options);
  const url = await listenOn(server, options.host, options.port, 'WORKER_METRICS_PORT (0 disables)');
  return { url, close: () => closeServer(server) };
}
