/**
 * Every HTTP server arlo-sync runs (the receiver, the worker's /metrics, the Arlo simulator) is created,
 * started and stopped here, so all of them hold a slow or silent client to the same limits.
 *
 * Node enforces `headersTimeout` and `requestTimeout` only when it sweeps its connections, every
 * `connectionsCheckingInterval` (30 s by default): a 5 s limit then acts after anything up to 35 s.
 * Sweeping every second makes each limit act within a second of passing.
 * https://nodejs.org/api/http.html#httpcreateserveroptions-requestlistener
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { ClientFault } from './client-faults';

export interface ServerLimits {
  /** The request line and headers must have arrived within this. */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must have arrived within this. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** How often the two timeouts above are checked: each acts at most this long after it passed. */
  readonly checkingIntervalMs: number;
  /**
   * A body the app reads (webhook callback, push) must have arrived within this once reading began; the
   * app then answers 408 itself, with the request ID, instead of Node cutting the connection later.
   */
  readonly bodyReadTimeoutMs: number;
}

/** Arlo gives up on a callback after 5000 ms: a request slower than that is not Arlo's. */
export const SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  checkingIntervalMs: 1_000,
  bodyReadTimeoutMs: 5_000,
};

export interface HttpServerOptions {
  readonly limits?: ServerLimits;
  /** Told of each client that timed out, broke off or sent what is not HTTP (warn level: not our fault). */
  readonly onClientFault?: (fault: ClientFault) => void;
}

const CLIENT_ERROR_ANSWERS: Readonly<Record<string, string>> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

/**
 * The answer each server of ours is writing on each connection: a client error must not write into
 * one, and a closing server makes each the last of its connection.
 */
const answersInFlight = new WeakMap<Server, Map<Socket, ServerResponse>>();

/** `handler` may also be attached later, as a 'request' listener. */
export function createHttpServer(handler?: RequestListener, options: HttpServerOptions = {}): Server {
  const limits = options.limits ?? SERVER_LIMITS;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkingIntervalMs,
    },
    handler,
  );
  const answering = new Map<Socket, ServerResponse>();
  answersInFlight.set(server, answering);
  server.on('request', (request, response: ServerResponse) => {
    answering.set(request.socket, response);
    response.once('close', () => answering.delete(request.socket));
  });
  // Node only emits this for what a client did. Its own handler answers the same way but says nothing.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    options.onClientFault?.({ code: error.code ?? 'unknown', message: error.message });
    if (error.code === 'ECONNRESET' || !socket.writable || answering.get(socket)?.headersSent) {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_ANSWERS[error.code ?? ''] ?? '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`, () => socket.destroy());
  });
  return server;
}

/**
 * Listens and resolves with the base URL (`http://127.0.0.1:3000`). `portSetting` names what to change
 * when the port is taken.
 */
export async function listenOn(
  server: Server,
  host: string,
  port: number,
  portSetting: string,
): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on ${host} is already in use: stop what uses it or set ${portSetting}.`)
          : error,
      );
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${urlHost}:${address.port}`;
}

/** How often a closing server looks for keep-alive connections that have gone idle. */
const IDLE_SWEEP_MS = 50;

/**
 * Stops accepting, and closes every keep-alive connection as soon as it has no answer to give: idle
 * ones now, busy ones with their answer, which says `Connection: close` (as does the answer to anything
 * a client still sends on one meanwhile), so the client does not send on it again. A client that keeps
 * its connection busy (Arlo's webhook dispatcher, a load balancer) would otherwise hold the server open
 * until `graceMs` (0: at once) cuts every connection, answers in flight included.
 */
export function closeServer(server: Server, graceMs = 0): Promise<void> {
  return new Promise((resolve) => {
    const makeLast = (response: ServerResponse) => {
      if (!response.headersSent) response.setHeader('Connection', 'close');
    };
    answersInFlight.get(server)?.forEach(makeLast);
    // Before the app's own listener, so that even an answer given at once carries it.
    const answerThenClose = (_request: IncomingMessage, response: ServerResponse) => makeLast(response);
    server.prependListener('request', answerThenClose);
    // An answer whose headers were already out keeps its connection: closed once idle.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(timer);
      server.off('request', answerThenClose);
      resolve();
    });
    server.closeIdleConnections();
  });
}
