import type { Db } from 'mongodb';

import type { CollectionSourceFactory } from './collection-sources';

/** What the bulk walk's activities touch, injected so tests can pass a fake collection source. */
export interface BulkActivityDeps {
  readonly db: Db;
  readonly collectionSources: CollectionSourceFactory;
}
