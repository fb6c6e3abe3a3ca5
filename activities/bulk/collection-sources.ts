/**
 * The one Arlo call the bulk walk makes: `listPage` of a collection. src/arlo's client fits it (the
 * worker passes the one client per platform from activities/arlo-clients.ts). Narrow on purpose, so
 * tests can inject a fake that counts requests.
 */
import type { CollectionPage, ListPageOptions } from '../../src/arlo';
import type { ResourceType } from '../../src/domain/resource-types';

export interface CollectionPageSource {
  /** ONE request: `{collection}/?filter=…&orderby=…&skip=…&top=…&expand={Type}`. */
  listPage(type: ResourceType, options: ListPageOptions): Promise<CollectionPage>;
}

export type CollectionSourceFactory = (platform: string) => CollectionPageSource;
