/**
 * The Arlo transport: each `send` is one HTTP exchange with the platform (two only when an OAuth 2 token
 * was refused with 401: the token is refreshed and the request sent once more).
 *
 * - Only the configured origin, over HTTPS (http only to loopback): see origin-policy.ts. Checked before
 *   any request, so credentials never leave the platform.
 * - `Accept: application/xml`, `Content-Type: application/xml` on bodies, gzip/deflate accepted (undici
 *   decompresses; the size limit counts decompressed bytes).
 * - A timeout and a streamed size limit on every exchange (bounded-fetch.ts); redirects are not followed:
 *   a 308 becomes ArloMergedRecordRedirect for the caller to judge.
 * - Every non-2xx answer becomes a typed error (status-errors.ts).
 * - `onExchange` sees every exchange (status or failure kind, endpoint without IDs, duration): the one
 *   place Arlo calls are counted for the metrics.
 */
import { arloEndpointLabel, type ArloCallObservation } from '../metrics/arlo-call-observation';

import { boundedFetch, type FetchFunction } from './bounded-fetch';
import type { CredentialsProvider } from './credentials';
import { ArloError, type ArloRequestContext } from './errors';
import { createOriginPolicy, type OriginPolicy } from './origin-policy';
import { errorForStatus } from './status-errors';

export type ArloHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

export interface ArloHttpClientOptions {
  /** Auth API root, e.g. `https://demo.arlo.co/api/2012-02-01/auth/resources/`. */
  readonly baseUrl: string;
  readonly credentials: CredentialsProvider;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** Defaults to the global fetch; tests and instrumentation may wrap it. */
  readonly fetch?: FetchFunction;
  /** Clock for HTTP-date `Retry-After` values. */
  readonly now?: () => number;
  /** Told about every exchange once it has ended (answered or failed); must not throw. */
  readonly onExchange?: (call: ArloCallObservation) => void;
}

export interface ArloHttpRequest {
  readonly method: ArloHttpMethod;
  /** A path relative to the base URL (`contacts/12/`) or an absolute href from an Arlo response. */
  readonly target: string;
  /** An XML document. */
  readonly body?: string;
  /** Cancels the request (e.g. a Temporal activity's cancellation signal). */
  readonly signal?: AbortSignal;
}

export interface ArloHttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** The absolute URL that was requested. */
  readonly url: string;
}

export interface ArloHttpClient {
  readonly policy: OriginPolicy;
  /** Resolves with a 2xx answer; throws a typed ArloError for anything else. */
  send(request: ArloHttpRequest): Promise<ArloHttpResponse>;
}

export function createArloHttpClient(options: ArloHttpClientOptions): ArloHttpClient {
  const policy = createOriginPolicy(options.baseUrl);
  positive('timeoutMs', options.timeoutMs);
  positive('maxResponseBytes', options.maxResponseBytes);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;

  async function exchange(url: URL, request: ArloHttpRequest) {
    if (!options.onExchange) return exchangeOnce(url, request);
    const started = performance.now();
    let status = 'error';
    try {
      const response = await exchangeOnce(url, request);
      status = String(response.status);
      return response;
    } catch (error) {
      if (error instanceof ArloError) status = error.kind;
      throw error;
    } finally {
      options.onExchange({
        method: request.method,
        endpoint: arloEndpointLabel(url.href, policy.baseUrl),
        status,
        durationMs: performance.now() - started,
      });
    }
  }

  async function exchangeOnce(url: URL, request: ArloHttpRequest) {
    const headers: Record<string, string> = {
      Accept: 'application/xml',
      'Accept-Encoding': 'gzip, deflate',
      Authorization: await options.credentials.authorization(),
    };
    // Exactly as the guides show it; the body is UTF-8, which is XML's default without a declaration.
    if (request.body !== undefined) headers['Content-Type'] = 'application/xml';
    return boundedFetch({
      url,
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      ...(request.signal ? { signal: request.signal } : {}),
      fetch: fetchImpl,
    });
  }

  return {
    policy,
    async send(request: ArloHttpRequest): Promise<ArloHttpResponse> {
      const url = policy.resolve(request.target); // throws before any request when outside the origin
      let response = await exchange(url, request);
      if (response.status === 401 && options.credentials.refreshable) {
        options.credentials.invalidate();
        response = await exchange(url, request);
      }
      const context: ArloRequestContext = { method: request.method, url: url.href };
      if (response.status < 200 || response.status > 299) {
        throw errorForStatus(context, response, policy, now(), options.timeoutMs);
      }
      return { ...response, url: url.href };
    },
  };
}

function positive(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  }
}
