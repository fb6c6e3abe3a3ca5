/**
 * One attempt to deliver a batch of events to an endpoint: the signed POST (callback-poster.ts), how it
 * went, and the delivery-log entry describing it. The dispatcher decides what follows (next batch, retry,
 * give up); this file only knows what one attempt is.
 */
import type { PlatformEvent } from '../event-log';
import { callbackPayload } from './callback-payload';
import { CallbackTimeoutError, type CallbackPoster } from './callback-poster';
import type { DeliveryAttempt, DeliveryOutcome } from './delivery-log';
import type { WebhookEndpoint } from './endpoint-registry';

/** Up to 10 events that travel together, retried together. */
export interface Batch {
  readonly id: number;
  readonly events: readonly PlatformEvent[];
  attempts: number;
}

export interface AttemptOptions {
  readonly platform: string;
  readonly attempt: number;
  readonly timeoutMs: number;
  /** A deliberate second copy of a delivered batch (the duplicate knob): logged as such. */
  readonly duplicate?: boolean;
}

/** The log entry for an attempt of `batch` (or for giving it up: outcome `exhausted`, no request). */
export function attemptEntry(
  endpointId: string,
  batch: Batch,
  entry: Omit<DeliveryAttempt, 'endpointId' | 'batchId' | 'eventIds'>,
): DeliveryAttempt {
  return { endpointId, batchId: batch.id, eventIds: batch.events.map((e) => e.id), ...entry };
}

/** POSTs the batch once; never rejects: a failure is an outcome. */
export async function attemptCallback(
  poster: CallbackPoster,
  endpoint: WebhookEndpoint,
  batch: Batch,
  options: AttemptOptions,
): Promise<{ readonly outcome: DeliveryOutcome; readonly entry: DeliveryAttempt }> {
  const { body, headers } = callbackPayload(batch.events, options.platform, endpoint.key);
  const startedAt = new Date();
  let outcome: DeliveryOutcome;
  let status: number | undefined;
  let error: string | undefined;
  try {
    status = (await poster.post(endpoint.url, body, headers, options.timeoutMs)).status;
    outcome = status >= 200 && status < 300 ? 'delivered' : 'failed';
  } catch (caught) {
    outcome = caught instanceof CallbackTimeoutError ? 'timeout' : 'failed';
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const entry = attemptEntry(endpoint.id, batch, {
    attempt: options.attempt,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    status,
    error,
    outcome: options.duplicate ? 'duplicate' : outcome,
  });
  return { outcome, entry };
}
