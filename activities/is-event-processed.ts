import { recordDuplicateEvent } from '../src/metrics/worker-metrics';
import { isEventProcessed } from '../src/store/processed-events';
import type { ActivityDeps } from './deps';

export interface IsEventProcessedInput {
  readonly platform: string;
  readonly eventId: string;
}

/** Whether the ledger already has the event (it outlives Temporal's retention of finished workflows). */
export function createIsEventProcessed({ db }: Pick<ActivityDeps, 'db'>) {
  return async function isEventProcessedActivity({
    platform,
    eventId,
  }: IsEventProcessedInput): Promise<boolean> {
    const processed = await isEventProcessed(db, platform, eventId);
    if (processed) recordDuplicateEvent(platform);
    return processed;
  };
}
