/**
 * Why a PlatformEvents fetch failed, as the per-event workflows report it: a stable failure type (the
 * workflow fails with it) and a message that says what went wrong.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';

import type { EventFetchFailure } from '../src/domain/event-fetch';
import { FAILURE_TYPES } from '../src/domain/failure-types';

export function describeFetchFailure(error: unknown): { failureType: string; message: string } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    return { failureType: cause.type ?? FAILURE_TYPES.arloFetchFailed, message: cause.message };
  }
  if (cause instanceof TimeoutFailure) {
    return {
      failureType: FAILURE_TYPES.arloFetchTimedOut,
      message: `the PlatformEvents query did not succeed within its time bound (${cause.timeoutType})`,
    };
  }
  return {
    failureType: FAILURE_TYPES.arloFetchFailed,
    message: error instanceof Error ? error.message : String(error),
  };
}

export function missingFetchOutcome(eventId: string): EventFetchFailure {
  return {
    eventId,
    status: 'failed',
    failureType: FAILURE_TYPES.missingFetchOutcome,
    message: `the fetch activity returned no outcome for event ${eventId}`,
  };
}
