/**
 * The ONE place where Arlo client errors become Temporal failures; every activity that calls Arlo goes
 * through `callArlo`, so retry behaviour is the same everywhere:
 *  - 429: retryable, and the next attempt waits what Arlo's Retry-After asked (`nextRetryDelay`) instead
 *    of the policy's backoff, so a rate-limited platform is not hammered;
 *  - other retryable errors (5xx, timeouts, network): thrown as they are, retried with backoff;
 *  - permanent errors (401, 403, malformed XML, origin violation, …): non-retryable, typed by the
 *    error's class name, so the failure says in the Web UI what went wrong and retrying stops;
 *  - a request body that cannot be written (XmlWriteError: a value XML 1.0 cannot carry): non-retryable
 *    too, since the same values fail the same way on every attempt, and nothing was sent.
 * Other errors (bugs, MongoDB) are left alone: Temporal retries them.
 */
import { ApplicationFailure } from '@temporalio/common';

import { ArloError } from '../src/arlo';
import { XmlWriteError } from '../src/arlo/xml-writer';
import { FAILURE_TYPES } from '../src/domain/failure-types';

export function toTemporalFailure(error: unknown): unknown {
  if (error instanceof XmlWriteError) {
    return ApplicationFailure.create({
      type: FAILURE_TYPES.unwritableXml,
      message: error.message,
      nonRetryable: true,
      cause: error,
    });
  }
  if (!(error instanceof ArloError)) return error;
  const details = [{ status: error.status ?? null, retryAfterMs: error.retryAfterMs ?? null }];
  if (error.retryable && error.retryAfterMs !== undefined) {
    return ApplicationFailure.create({
      type: error.name,
      message: error.message,
      nextRetryDelay: error.retryAfterMs,
      details,
      cause: error,
    });
  }
  if (error.retryable) return error;
  return ApplicationFailure.create({
    type: error.name,
    message: error.message,
    nonRetryable: true,
    details,
    cause: error,
  });
}

/** Runs one Arlo request; its error, if any, leaves as the matching Temporal failure. */
export async function callArlo<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toTemporalFailure(error);
  }
}
