/**
 * The activities factory: every activity is created here with its dependencies injected, so tests can
 * pass real or fake ones. Activities on the Arlo queue make exactly one Arlo request each (see
 * src/temporal/task-queues.ts); all others go on the main queue.
 */
import type { Db } from 'mongodb';

import type { Config } from '../src/config';
import type { Logger } from '../src/logger';

export interface ActivityDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
}

/** Activities that do not call Arlo (main task queue). */
export function createActivities(_deps: ActivityDeps) {
  return {};
}

/** Activities that make exactly one Arlo request each (rate-limited Arlo task queue). */
export function createArloActivities(_deps: ActivityDeps) {
  return {};
}

// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- filled as the pull, bulk and push paths land
export type Activities = ReturnType<typeof createActivities>;
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- filled as the pull, bulk and push paths land
export type ArloActivities = ReturnType<typeof createArloActivities>;
