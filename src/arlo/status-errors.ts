/**
 * Maps a non-2xx Arlo answer to its typed error (errors.ts), reading what the body and headers say:
 * Arlo's `<ApiException>` Code/Message, `Retry-After` (seconds or HTTP-date, falling back to the 429 JSON
 * body's `retryAfter`), and the `Location` of a 308 (checked against the origin policy).
 */
import { parseApiException, parseRateLimitBody } from './error-bodies';
import {
  ArloBadRequestError,
  ArloConflictError,
  ArloForbiddenError,
  ArloMalformedResponseError,
  ArloMergedRecordRedirect,
  ArloNotFoundError,
  ArloRateLimitedError,
  ArloServerError,
  ArloTimeoutError,
  ArloUnauthorisedError,
  ArloUnexpectedStatusError,
  type ArloError,
  type ArloRequestContext,
} from './errors';
import type { OriginPolicy } from './origin-policy';
import { parseRetryAfter, retryAfterFromSeconds } from './retry-after';

export interface FailedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export function errorForStatus(
  context: ArloRequestContext,
  response: FailedResponse,
  policy: OriginPolicy,
  nowMs: number,
  timeoutMs: number,
): ArloError {
  const { status, headers, body } = response;
  const detail = parseApiException(body) ?? {};
  const headerDelay = parseRetryAfter(headers.get('retry-after'), nowMs);
  switch (status) {
    case 308:
      return mergedRedirect(context, headers.get('location'), policy);
    case 400:
      return context.method === 'PATCH'
        ? new ArloConflictError(context, status, detail)
        : new ArloBadRequestError(context, detail);
    case 401:
      return new ArloUnauthorisedError(context);
    case 403:
      return new ArloForbiddenError(context, detail);
    case 404:
      return new ArloNotFoundError(context, detail);
    case 408:
      return new ArloTimeoutError(context, timeoutMs, 408);
    case 409:
    case 412:
      return new ArloConflictError(context, status, detail);
    case 429:
      return new ArloRateLimitedError(
        context,
        headerDelay ?? retryAfterFromSeconds(parseRateLimitBody(body)?.retryAfter),
      );
    default:
      if (status >= 500 && status <= 599) return new ArloServerError(context, status, detail, headerDelay);
      return new ArloUnexpectedStatusError(context, status, detail);
  }
}

function mergedRedirect(
  context: ArloRequestContext,
  location: string | null,
  policy: OriginPolicy,
): ArloError {
  if (!location)
    return new ArloMalformedResponseError(context, 308, '308 Permanent Redirect without a Location');
  let absolute: string;
  try {
    absolute = new URL(location, context.url).href;
  } catch {
    return new ArloMalformedResponseError(
      context,
      308,
      `308 Location ${JSON.stringify(location)} is not a URL`,
    );
  }
  try {
    return new ArloMergedRecordRedirect(context, policy.resolve(absolute).href);
  } catch (error) {
    return error as ArloError; // ArloOriginViolationError: the survivor would be on another host
  }
}
