/**
 * The bulk walk's activities: `createBulkArloActivities` go on the rate-limited Arlo queue (exactly one
 * Arlo request each). Registered by src/worker.ts beside the pull and push activities.
 */
import type { BulkActivityDeps } from './bulk-deps';
import { createMirrorBulkPage } from './mirror-bulk-page';

export type { BulkActivityDeps } from './bulk-deps';
export { type CollectionPageSource, type CollectionSourceFactory } from './collection-sources';
export type { MirrorBulkPageInput } from './mirror-bulk-page';

export function createBulkArloActivities(deps: BulkActivityDeps) {
  return { mirrorBulkPage: createMirrorBulkPage(deps) };
}

export type BulkArloActivities = ReturnType<typeof createBulkArloActivities>;
