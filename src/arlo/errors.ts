/**
 * Every way an Arlo call can fail, as one small class each. Activities map them to Temporal failures with
 * ONE helper, which relies on two fields only:
 * - `retryable`: true when sending the same request again later can succeed (429, 5xx, timeouts, broken
 *   connections); false when it cannot (bad credentials, unknown ID, a diff that does not apply, a
 *   response we cannot read, a URL outside the platform).
 * - `retryAfterMs`: how long the server asked us to wait (429, and 503 when it says so); absent otherwise.
 * `kind` is a stable string for switch statements, logs and Temporal failure types. Messages name the
 * request (method and URL) and what to do; they never contain credentials or tokens.
 */

export const ARLO_ERROR_KINDS = [
  'rate-limited',
  'unauthorised',
  'forbidden',
  'not-found',
  'bad-request',
  'conflict',
  'server-error',
  'timeout',
  'network',
  'response-too-large',
  'malformed-response',
  'merged-redirect',
  'origin-violation',
  'unexpected-status',
  'credentials',
] as const;
export type ArloErrorKind = (typeof ARLO_ERROR_KINDS)[number];

/** Which request failed; both parts are safe to log (Arlo URLs carry no secrets). */
export interface ArloRequestContext {
  readonly method: string;
  readonly url: string;
}

/** What Arlo said in an `<ApiException>` body (Code and Message), when it said anything. */
export interface ArloErrorDetail {
  readonly code?: string;
  readonly message?: string;
}

/** Arlo asks for at most a minute; anything above this is more likely a bug than a plan. */
export const MAX_RETRY_AFTER_MS = 15 * 60 * 1000;

export abstract class ArloError extends Error {
  abstract readonly kind: ArloErrorKind;
  abstract readonly retryable: boolean;
  readonly retryAfterMs: number | undefined = undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;

  constructor(
    message: string,
    readonly status: number | undefined,
    context: ArloRequestContext | undefined,
    options?: { cause?: unknown },
  ) {
    super(context ? `${context.method} ${context.url}: ${message}` : message, options);
    this.name = new.target.name;
    this.method = context?.method;
    this.url = context?.url;
  }
}

/** 429: over the platform's shared budget (300 requests/minute). Retry after `retryAfterMs`. */
export class ArloRateLimitedError extends ArloError {
  readonly kind = 'rate-limited';
  readonly retryable = true;
  override readonly retryAfterMs: number | undefined;
  constructor(context: ArloRequestContext | undefined, retryAfterMs: number | undefined) {
    super(
      `Arlo answered 429 Too Many Requests; retry after ${retryAfterMs === undefined ? 'a backoff' : `${retryAfterMs} ms`}`,
      429,
      context,
    );
    this.retryAfterMs = retryAfterMs === undefined ? undefined : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  }
}

/** 401: the credentials were refused (after one token refresh, for OAuth 2). */
export class ArloUnauthorisedError extends ArloError {
  readonly kind = 'unauthorised';
  readonly retryable = false;
  constructor(context: ArloRequestContext | undefined) {
    super(
      'Arlo answered 401 Unauthorized: check the platform credentials (an Arlo user with the API user role, or the OAuth 2 client)',
      401,
      context,
    );
  }
}

/** 403: authenticated, but this user may not do this. */
export class ArloForbiddenError extends ArloError {
  readonly kind = 'forbidden';
  readonly retryable = false;
  constructor(context: ArloRequestContext | undefined, detail: ArloErrorDetail = {}) {
    super(
      `Arlo answered 403 Forbidden${describe(detail)}: the API user lacks the permission for this request`,
      403,
      context,
    );
  }
}

/** 404: no such resource (unknown ID, or deleted). */
export class ArloNotFoundError extends ArloError {
  readonly kind = 'not-found';
  readonly retryable = false;
  constructor(context: ArloRequestContext | undefined, detail: ArloErrorDetail = {}) {
    super(`Arlo answered 404 Not Found${describe(detail)}`, 404, context);
  }
}

/** 400 on anything but PATCH: the request itself is wrong; Arlo's Code and Message say how. */
export class ArloBadRequestError extends ArloError {
  readonly kind = 'bad-request';
  readonly retryable = false;
  readonly arloCode: string | undefined;
  readonly arloMessage: string | undefined;
  constructor(context: ArloRequestContext | undefined, detail: ArloErrorDetail = {}) {
    super(`Arlo answered 400 Bad Request${describe(detail)}`, 400, context);
    this.arloCode = detail.code;
    this.arloMessage = detail.message;
  }
}

/**
 * A write that does not apply to the record's current state: 400 on PATCH (a selector matches nothing,
 * `replace` of a missing node, `add` of an existing one; api-notes.md), 409 or 412. Sending the same
 * diff again will fail again: GET the record again, rebuild the diff, and PATCH once more.
 */
export class ArloConflictError extends ArloError {
  readonly kind = 'conflict';
  readonly retryable = false;
  readonly arloCode: string | undefined;
  readonly arloMessage: string | undefined;
  constructor(context: ArloRequestContext | undefined, status: number, detail: ArloErrorDetail = {}) {
    super(
      `Arlo rejected the write with ${status}${describe(detail)}; the record probably changed since it was read: GET it again and rebuild the diff`,
      status,
      context,
    );
    this.arloCode = detail.code;
    this.arloMessage = detail.message;
  }
}

/** 5xx. Retryable, except 501 and 505 (the server will never support the request). */
export class ArloServerError extends ArloError {
  readonly kind = 'server-error';
  readonly retryable: boolean;
  override readonly retryAfterMs: number | undefined;
  constructor(
    context: ArloRequestContext | undefined,
    status: number,
    detail: ArloErrorDetail = {},
    retryAfterMs?: number,
  ) {
    super(`Arlo answered ${status}${describe(detail)}`, status, context);
    this.retryable = status !== 501 && status !== 505;
    this.retryAfterMs = retryAfterMs === undefined ? undefined : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  }
}

/** No complete answer within the configured time (connect, headers and body together), or a 408. */
export class ArloTimeoutError extends ArloError {
  readonly kind = 'timeout';
  readonly retryable = true;
  constructor(context: ArloRequestContext | undefined, timeoutMs: number, status?: number) {
    super(
      status === 408 ? 'Arlo answered 408 Request Timeout' : `no complete answer within ${timeoutMs} ms`,
      status,
      context,
    );
  }
}

/** The connection failed or broke (refused, reset, DNS): nothing was read, or only part of a body. */
export class ArloNetworkError extends ArloError {
  readonly kind = 'network';
  readonly retryable = true;
  constructor(context: ArloRequestContext | undefined, reason: string, options?: { cause?: unknown }) {
    super(`network failure: ${reason}`, undefined, context, options);
  }
}

/** The body grew past the configured limit while streaming; reading stopped there. */
export class ArloResponseTooLargeError extends ArloError {
  readonly kind = 'response-too-large';
  readonly retryable = false;
  constructor(context: ArloRequestContext | undefined, status: number, limitBytes: number) {
    super(
      `the response body exceeds the limit of ${limitBytes} bytes (ARLO_MAX_RESPONSE_BYTES); request a smaller page (top) or raise the limit`,
      status,
      context,
    );
  }
}

/** The body is not well-formed XML (or JSON), declares a DOCTYPE, or lacks what the API documents. */
export class ArloMalformedResponseError extends ArloError {
  readonly kind = 'malformed-response';
  readonly retryable = false;
  constructor(
    context: ArloRequestContext | undefined,
    status: number | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`unreadable response: ${reason}`, status, context, options);
  }
}

/**
 * 308 Permanent Redirect: the contact or organisation was merged; `location` is the surviving record
 * (already checked to be on the platform's origin). Nothing was followed: the caller decides, and reads
 * the survivor with a request of its own.
 */
export class ArloMergedRecordRedirect extends ArloError {
  readonly kind = 'merged-redirect';
  readonly retryable = false;
  constructor(
    context: ArloRequestContext | undefined,
    readonly location: string,
  ) {
    super(`Arlo answered 308 Permanent Redirect: the record was merged into ${location}`, 308, context);
  }
}

/**
 * A URL or Link href outside the configured platform origin (or plain http to a non-loopback host). No
 * request was made, so no credentials were sent there.
 */
export class ArloOriginViolationError extends ArloError {
  readonly kind = 'origin-violation';
  readonly retryable = false;
  constructor(
    readonly href: string,
    readonly allowedOrigin: string,
    reason: string,
  ) {
    super(
      `refused to request ${JSON.stringify(href)}: ${reason} (allowed: ${allowedOrigin})`,
      undefined,
      undefined,
    );
  }
}

/** Any other status Arlo does not document for this request (e.g. 301, 406, 415). */
export class ArloUnexpectedStatusError extends ArloError {
  readonly kind = 'unexpected-status';
  readonly retryable = false;
  constructor(context: ArloRequestContext | undefined, status: number, detail: ArloErrorDetail = {}) {
    super(`Arlo answered an unexpected ${status}${describe(detail)}`, status, context);
  }
}

/** The OAuth 2 token endpoint refused the client credentials (RFC 6749 error code only, never the secret). */
export class ArloCredentialsError extends ArloError {
  readonly kind = 'credentials';
  readonly retryable = false;
  constructor(context: ArloRequestContext | undefined, status: number | undefined, reason: string) {
    super(
      `the OAuth 2 token endpoint refused the client (${reason}): check ARLO_OAUTH_CLIENT_ID, ARLO_OAUTH_CLIENT_SECRET and ARLO_OAUTH_SCOPE`,
      status,
      context,
    );
  }
}

export function isArloError(error: unknown): error is ArloError {
  return error instanceof ArloError;
}

function describe(detail: ArloErrorDetail): string {
  const parts = [detail.code, detail.message].filter((part): part is string => Boolean(part));
  return parts.length === 0 ? '' : ` (${parts.join(': ')})`;
}
