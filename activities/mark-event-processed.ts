import type { ArloEvent } from '../src/domain/arlo-event';
import type { PullOutcome } from '../src/domain/pull-outcomes';
import { recordWatermark } from '../src/metrics/worker-metrics';
import { recordProcessedEvent } from '../src/store/processed-events';
import { advanceWatermark } from '../src/store/watermarks';
import type { ActivityDeps } from './deps';

export interface MarkEventProcessedInput {
  readonly platform: string;
  readonly event: Pick<ArloEvent, 'id' | 'type' | 'resourceType' | 'resourceId'>;
  readonly outcome: PullOutcome;
  /** The workflow run recording it, so that a re-run of that run can be told from a redelivery. */
  readonly recordedByRun?: string;
}

export interface MarkEventProcessedResult {
  /** False when the ledger already had the event (a retried activity): the first record stands. */
  readonly recorded: boolean;
  readonly watermarkMoved: boolean;
}

/**
 * Records the event in the ledger, then raises the platform's watermark to it. Both writes are
 * idempotent, in this order, so a retry after a crash between them completes the second.
 */
export function createMarkEventProcessed({ db }: Pick<ActivityDeps, 'db'>) {
  return async function markEventProcessed({
    platform,
    event,
    outcome,
    recordedByRun,
  }: MarkEventProcessedInput): Promise<MarkEventProcessedResult> {
    const recorded = await recordProcessedEvent(db, platform, {
      eventId: event.id,
      type: event.type,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      outcome,
      ...(recordedByRun === undefined ? {} : { recordedByRun }),
    });
    const watermarkMoved = await advanceWatermark(db, platform, event.id);
    recordWatermark(platform, event.id);
    return { recorded, watermarkMoved };
  };
}
