/**
 * Creates the indexes the store relies on; idempotent, run at worker start. Only plain and unique
 * indexes: FerretDB (the embedded store) has no TTL or partial indexes.
 */
import type { Db } from 'mongodb';

import { collections } from './collections';

export async function ensureIndexes(db: Db): Promise<void> {
  const { entities, processedEvents } = collections(db);
  await entities.createIndex({ platform: 1, resourceType: 1, lastModifiedSortable: 1 });
  await entities.createIndex({ platform: 1, resourceType: 1, resourceId: 1 });
  await processedEvents.createIndex({ platform: 1, eventIdSortable: 1 });
}
