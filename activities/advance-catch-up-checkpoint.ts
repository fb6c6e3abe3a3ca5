import { advanceCatchUpCheckpoint } from '../src/store/catch-up-checkpoints';
import type { ActivityDeps } from './deps';

export interface AdvanceCatchUpCheckpointInput {
  readonly platform: string;
  readonly eventId: string;
}

/** Moves the platform's catch-up checkpoint up (never down) once a page's missed events are started. */
export function createAdvanceCatchUpCheckpoint({ db }: Pick<ActivityDeps, 'db'>) {
  return async function advanceCatchUpCheckpointActivity({
    platform,
    eventId,
  }: AdvanceCatchUpCheckpointInput): Promise<void> {
    await advanceCatchUpCheckpoint(db, platform, eventId);
  };
}
