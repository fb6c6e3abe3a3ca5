/**
 * Sends one fuzz case to a real HTTP server and reports what came back: status and headers, or the
 * transport error. `http` cases go through node:http with a keep-alive agent; `raw` cases are bytes
 * written to a fresh TCP socket (node:http refuses to send most of them). Every send has a deadline,
 * so a hang is a failed case, never a stalled test.
 */
import http from 'node:http';
import net from 'node:net';

import type { FuzzRequest, HttpFuzzRequest } from './fuzz-callbacks';

export interface FuzzAnswer {
  /** HTTP status, or 0 when no answer arrived (`error` says why). */
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The answer's body as text (`http` cases; its first 64 KB). */
  readonly body?: string;
  readonly error?: string;
}

export interface FuzzSenderOptions {
  readonly url: URL;
  readonly agent: http.Agent;
  readonly timeoutMs: number;
}

const CHUNK_BYTES = 16 * 1024;
const MAX_KEPT_BODY_BYTES = 64 * 1024;

export function sendFuzzRequest(request: FuzzRequest, options: FuzzSenderOptions): Promise<FuzzAnswer> {
  return request.kind === 'raw' ? sendRaw(request.bytes, options) : sendHttp(request, options);
}

function sendHttp(request: HttpFuzzRequest, options: FuzzSenderOptions) {
  return new Promise<FuzzAnswer>((resolve) => {
    let settled = false;
    const finish = (answer: FuzzAnswer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    const headers: Record<string, string | number> = { ...request.headers };
    if (!request.chunked) headers['Content-Length'] = request.body.length;
    const outgoing = http.request(
      options.url,
      { method: 'POST', agent: options.agent, headers, timeout: options.timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < MAX_KEPT_BODY_BYTES) chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('end', () =>
          finish({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).subarray(0, MAX_KEPT_BODY_BYTES).toString('utf8'),
          }),
        );
        response.on('error', (error) =>
          finish({ status: response.statusCode ?? 0, headers: response.headers, error: error.message }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    // An answer that arrives before the body is written (413) may be followed by EPIPE or a reset on the
    // write side; once the answer is in, that is expected, and `finish` ignores it.
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: 0, headers: {}, error: error.code ?? error.message }),
    );
    if (!request.chunked) {
      outgoing.end(request.body);
      return;
    }
    for (let offset = 0; offset < request.body.length; offset += CHUNK_BYTES) {
      outgoing.write(request.body.subarray(offset, offset + CHUNK_BYTES));
    }
    outgoing.end();
  });
}

function sendRaw(bytes: Buffer, options: FuzzSenderOptions) {
  return new Promise<FuzzAnswer>((resolve) => {
    const socket = net.connect(Number(options.url.port), options.url.hostname);
    const chunks: Buffer[] = [];
    let error: string | undefined;
    socket.setTimeout(options.timeoutMs, () => {
      error = `no answer within ${options.timeoutMs} ms`;
      socket.destroy();
    });
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = ''] = text.split('\r\n\r\n', 1);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status,
        headers,
        ...(status === 0 ? { error: error ?? 'connection closed without an answer' } : {}),
      });
    });
  });
}
