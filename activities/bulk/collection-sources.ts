/**
 * The one Arlo call the bulk walk makes: `listPage` of a collection (src/arlo's client fits it), one
 * client per configured platform. Narrow on purpose, so tests can inject a fake that counts requests.
 */
import { ApplicationFailure } from '@temporalio/common';

import { createArloClient, type CollectionPage, type ListPageOptions } from '../../src/arlo';
import type { Config } from '../../src/config';
import type { ResourceType } from '../../src/domain/resource-types';

export interface CollectionPageSource {
  /** ONE request: `{collection}/?filter=…&orderby=…&skip=…&top=…&expand={Type}`. */
  listPage(type: ResourceType, options: ListPageOptions): Promise<CollectionPage>;
}

export type CollectionSourceFactory = (platform: string) => CollectionPageSource;

export function createCollectionSources(config: Pick<Config, 'platforms' | 'arlo'>): CollectionSourceFactory {
  const clients = new Map<string, CollectionPageSource>(
    config.platforms.map((platform) => [
      platform.name,
      createArloClient({
        baseUrl: platform.baseUrl,
        credentials: platform.credentials,
        timeoutMs: config.arlo.requestTimeoutMs,
        maxResponseBytes: config.arlo.maxResponseBytes,
      }),
    ]),
  );
  return (platform) => {
    const client = clients.get(platform);
    if (!client) {
      throw ApplicationFailure.nonRetryable(
        `Arlo platform ${platform} is not configured: add it to ARLO_PLATFORMS_FILE (or ARLO_BASE_URL)`,
        'UnknownArloPlatform',
      );
    }
    return client;
  };
}
