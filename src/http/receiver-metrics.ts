/**
 * The receiver's Prometheus metrics, registered on an injected Registry (default process metrics are
 * the composition root's business, so tests can build many apps without name clashes).
 */
import { Counter, Histogram, type Registry } from 'prom-client';

export const CALLBACK_OUTCOMES = {
  accepted: 'accepted',
  rejectedPlatform: 'rejected_platform',
  rejectedSignature: 'rejected_signature',
  tooLarge: 'too_large',
  unsupportedMediaType: 'unsupported_media_type',
  invalidPayload: 'invalid_payload',
  startFailed: 'start_failed',
  /** A bug or an unexpected fault: answered 500 and logged with its stack. */
  error: 'error',
} as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[keyof typeof CALLBACK_OUTCOMES];

export const EVENT_START_OUTCOMES = {
  /** Temporal started it, or (conflict policy USE_EXISTING) returned the execution still running. */
  started: 'started',
  /** An execution with this ID already completed: a redelivery of finished work, a no-op. */
  alreadyKnown: 'already_known',
  failed: 'failed',
} as const;
export type EventStartOutcome = (typeof EVENT_START_OUTCOMES)[keyof typeof EVENT_START_OUTCOMES];

/** Platform label before the platform header has been matched to configuration (bounded cardinality). */
export const UNKNOWN_PLATFORM_LABEL = 'unknown';

export interface ReceiverMetrics {
  readonly callbacks: Counter<'outcome' | 'platform'>;
  readonly events: Counter<'outcome' | 'platform'>;
  readonly ackSeconds: Histogram<'outcome'>;
  /** Push requests answered (outcome of the push, `submitted`, `still-running`, `not-accepted`, `invalid`). */
  readonly pushes: Counter<'outcome' | 'resource_type'>;
}

export function createReceiverMetrics(registry: Registry): ReceiverMetrics {
  return {
    callbacks: new Counter({
      name: 'arlo_sync_webhook_callbacks_total',
      help: 'Arlo webhook callbacks received, by outcome and platform.',
      labelNames: ['outcome', 'platform'],
      registers: [registry],
    }),
    events: new Counter({
      name: 'arlo_sync_webhook_events_total',
      help:
        'Events of verified callbacks, by workflow start outcome: started (new, or still running from an ' +
        'earlier delivery), already_known (completed before: redelivery), failed (callback answered 503).',
      labelNames: ['outcome', 'platform'],
      registers: [registry],
    }),
    ackSeconds: new Histogram({
      name: 'arlo_sync_webhook_ack_seconds',
      help: 'Time from receiving a callback to its answer, by outcome. Arlo gives up after 5 s.',
      labelNames: ['outcome'],
      // Dense below 100 ms (the target p99), then up to Arlo's 5 s deadline.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    pushes: new Counter({
      name: 'arlo_sync_pushes_total',
      help:
        'Push requests from the external system, by resource type and outcome: created, patched, unchanged, ' +
        'skipped, planned, failed (the push ran), submitted (not waited for), still-running (not finished ' +
        'within waitSeconds: 202), not-accepted (Temporal did not take it in time: 503), invalid (400).',
      labelNames: ['outcome', 'resource_type'],
      registers: [registry],
    }),
  };
}
