/**
 * How the pull path's PlatformEvents query (`fetchAndMirrorEvents` on the rate-limited Arlo queue) is run:
 * one contract for the batch workflow of the coalescer and for the per-platform batcher that events
 * started before it still use.
 */
import type { ActivityOptions } from '@temporalio/workflow';

/**
 * One PlatformEvents query plus the mirror writes of its events. Transient Arlo errors and 429s are
 * retried (429 after Arlo's Retry-After, see activities/arlo-failure.ts) for up to 20 minutes, queueing
 * behind the rate limit included; permanent ones fail at once. Either way every event gets an answer.
 */
export const FETCH_CONTRACT = {
  // One Arlo request (ARLO_REQUEST_TIMEOUT_MS, 30 s by default) plus the mirror writes, which a busy
  // store can make slow; the activity heartbeats after each write, so an attempt lost with a killed
  // worker is still retried within a minute.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '20 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
} satisfies ActivityOptions;
