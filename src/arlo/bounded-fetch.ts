/**
 * One HTTP exchange with hard limits, on Node's global fetch (undici):
 * - a timeout on the WHOLE exchange (connect, headers and body), through an AbortSignal, combined with
 *   the caller's own signal (e.g. a Temporal activity's cancellation signal);
 * - a body size limit enforced while streaming: reading stops (and the connection is dropped) as soon as
 *   the limit is passed, so a huge or endless body never sits in memory. Counted after decompression, so
 *   a small gzip bomb is stopped too;
 * - `redirect: 'manual'`: a redirect is an answer for the caller to judge, never followed blindly.
 * Failures become the typed errors of errors.ts; a cancellation by the caller's signal is rethrown as is.
 */
import {
  ArloError,
  ArloMalformedResponseError,
  ArloNetworkError,
  ArloResponseTooLargeError,
  ArloTimeoutError,
  type ArloRequestContext,
} from './errors';

export type FetchFunction = typeof globalThis.fetch;

export interface BoundedRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal;
  readonly fetch: FetchFunction;
}

export interface BoundedResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body decoded as UTF-8 ('' when there is none). */
  readonly body: string;
}

export async function boundedFetch(request: BoundedRequest): Promise<BoundedResponse> {
  const context: ArloRequestContext = { method: request.method, url: request.url.href };
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const classify = (error: unknown): unknown => {
    if (request.signal?.aborted) return request.signal.reason ?? error;
    if (timeout.aborted) return new ArloTimeoutError(context, request.timeoutMs);
    if (error instanceof ArloError) return error;
    return new ArloNetworkError(context, networkReason(error), { cause: error });
  };

  let response: Response;
  try {
    response = await request.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    throw classify(error);
  }

  let bytes: Buffer;
  try {
    bytes = await readLimited(response, request.maxResponseBytes, context);
  } catch (error) {
    throw classify(error);
  }
  let body: string;
  try {
    body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ArloMalformedResponseError(context, response.status, 'the body is not valid UTF-8', {
      cause: error,
    });
  }
  return { status: response.status, headers: response.headers, body };
}

async function readLimited(response: Response, limit: number, context: ArloRequestContext): Promise<Buffer> {
  const tooLarge = () => new ArloResponseTooLargeError(context, response.status, limit);
  // A declared length over the limit fails at once (only for identity encoding, where it is the real size).
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (!response.headers.has('content-encoding') && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** undici reports `fetch failed` with the useful part (ECONNREFUSED, UND_ERR_SOCKET, ...) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : (error as Error | undefined)?.message;
  return [code, message].filter(Boolean).join(' ') || 'unknown error';
}
