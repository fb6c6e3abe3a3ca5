import { readCatchUpCheckpoint } from '../src/store/catch-up-checkpoints';
import type { ActivityDeps } from './deps';

/** Where the platform's last catch-up stopped: the last event ID it walked past, or null before the first. */
export function createReadCatchUpCheckpoint({ db }: Pick<ActivityDeps, 'db'>) {
  return async function readCatchUpCheckpointActivity({
    platform,
  }: {
    platform: string;
  }): Promise<string | null> {
    return (await readCatchUpCheckpoint(db, platform)) ?? null;
  };
}
