/**
 * The one place that turns platform credentials into an `Authorization` header (api-notes.md,
 * "Transport and authentication"): HTTP Basic for an Arlo API user, or OAuth 2 client credentials
 * (RFC 6749 §4.4), which Arlo recommends for production.
 *
 * Secrets live only in closures: a provider has no property holding them, so logging or serialising it
 * shows nothing, and no error message ever includes them.
 */
import type { ArloCredentials } from '../config';

import { boundedFetch, type FetchFunction } from './bounded-fetch';
import {
  ArloCredentialsError,
  ArloMalformedResponseError,
  ArloRateLimitedError,
  ArloServerError,
  ArloUnexpectedStatusError,
  type ArloRequestContext,
} from './errors';
import { insecureUrlReason } from './origin-policy';
import { parseRetryAfter } from './retry-after';

export interface CredentialsProvider {
  /** The `Authorization` header value for the next request. */
  authorization(): Promise<string>;
  /** The server refused the last header (401): forget any cached token, so the next call gets a new one. */
  invalidate(): void;
  /** Whether `invalidate()` can lead to different credentials (OAuth 2: yes; Basic: no, so no retry). */
  readonly refreshable: boolean;
}

export function basicCredentials(username: string, password: string): CredentialsProvider {
  if (username.includes(':'))
    throw new TypeError('the Arlo username must not contain ":" (HTTP Basic, RFC 7617)');
  const header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  return {
    authorization: () => Promise.resolve(header),
    invalidate: () => undefined,
    refreshable: false,
  };
}

export interface OAuth2ClientSettings {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
}

export interface OAuth2Options {
  readonly fetch?: FetchFunction;
  /** Per token request. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /**
   * How the client authenticates to the token endpoint: HTTP Basic (`client_secret_basic`, the method
   * every RFC 6749 server must support; the default) or form fields (`client_secret_post`).
   */
  readonly clientAuthentication?: 'basic' | 'body';
}

/** Refresh this long before expiry (or at half-life for short-lived tokens), so no request carries a stale token. */
const REFRESH_MARGIN_MS = 60_000;
const TOKEN_RESPONSE_LIMIT_BYTES = 64 * 1024;
/** RFC 6750 b64token: what may follow "Bearer " without breaking the header. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const OAUTH_ERROR_CODE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

export function oauth2ClientCredentials(
  settings: OAuth2ClientSettings,
  options: OAuth2Options = {},
): CredentialsProvider {
  const tokenUrl = parseTokenUrl(settings.tokenUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const clientAuthentication = options.clientAuthentication ?? 'basic';

  let cached: { header: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (settings.scope) form.set('scope', settings.scope);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
    };
    if (clientAuthentication === 'basic') {
      // RFC 6749 §2.3.1: form-encode both parts before joining them for Basic.
      const pair = `${formEncode(settings.clientId)}:${formEncode(settings.clientSecret)}`;
      headers.Authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    } else {
      form.set('client_id', settings.clientId);
      form.set('client_secret', settings.clientSecret);
    }
    const requestedAt = now();
    const response = await boundedFetch({
      url: tokenUrl,
      method: 'POST',
      headers,
      body: form.toString(),
      timeoutMs,
      maxResponseBytes: TOKEN_RESPONSE_LIMIT_BYTES,
      fetch: fetchImpl,
    });
    const context: ArloRequestContext = { method: 'POST', url: tokenUrl.href };
    if (response.status !== 200) throw tokenEndpointError(context, response, now());
    const token = readTokenResponse(context, response.body);
    const lifetimeMs = token.expiresInSeconds === undefined ? Infinity : token.expiresInSeconds * 1000;
    cached = {
      header: `Bearer ${token.accessToken}`,
      refreshAt: requestedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2),
    };
    return cached.header;
  }

  return {
    refreshable: true,
    authorization(): Promise<string> {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.header);
      // One token request at a time: concurrent callers share it.
      inFlight ??= requestToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(): void {
      cached = undefined;
    },
  };
}

export type CredentialsOptions = OAuth2Options;

/** The provider for a platform's configured credentials (src/config/). */
export function createCredentialsProvider(
  credentials: ArloCredentials,
  options: CredentialsOptions = {},
): CredentialsProvider {
  if (credentials.kind === 'basic') return basicCredentials(credentials.username, credentials.password);
  return oauth2ClientCredentials(credentials, options);
}

function parseTokenUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`OAuth 2 token URL ${JSON.stringify(value)} is not an absolute URL`);
  }
  const problem = insecureUrlReason(url);
  if (problem) throw new TypeError(`OAuth 2 token URL ${JSON.stringify(value)} is not usable: ${problem}`);
  return url;
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

interface TokenResponse {
  readonly accessToken: string;
  readonly expiresInSeconds: number | undefined;
}

function readTokenResponse(context: ArloRequestContext, body: string): TokenResponse {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ArloMalformedResponseError(context, 200, 'the token response is not JSON', { cause: error });
  }
  const {
    access_token: accessToken,
    token_type: tokenType,
    expires_in: expiresIn,
  } = (json ?? {}) as Record<string, unknown>;
  // Never echo the token itself in these messages.
  if (typeof accessToken !== 'string' || !B64TOKEN.test(accessToken)) {
    throw new ArloMalformedResponseError(context, 200, 'the token response has no usable access_token');
  }
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw new ArloMalformedResponseError(context, 200, 'the token response is not a Bearer token');
  }
  if (expiresIn !== undefined && (typeof expiresIn !== 'number' || !(expiresIn > 0))) {
    throw new ArloMalformedResponseError(context, 200, 'the token response has an invalid expires_in');
  }
  return { accessToken, expiresInSeconds: expiresIn };
}

function tokenEndpointError(
  context: ArloRequestContext,
  response: { status: number; headers: Headers; body: string },
  nowMs: number,
): Error {
  const { status } = response;
  if (status === 429)
    return new ArloRateLimitedError(context, parseRetryAfter(response.headers.get('retry-after'), nowMs));
  if (status >= 500) return new ArloServerError(context, status);
  if (status === 400 || status === 401 || status === 403) {
    return new ArloCredentialsError(context, status, oauthErrorCode(response.body) ?? `status ${status}`);
  }
  return new ArloUnexpectedStatusError(context, status);
}

/** RFC 6749 §5.2 `error` (e.g. `invalid_client`): a fixed vocabulary, safe to show. Nothing else of the body is. */
function oauthErrorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: unknown } | null)?.error;
    return typeof code === 'string' && OAUTH_ERROR_CODE.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}
