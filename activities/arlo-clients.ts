import { ApplicationFailure } from '@temporalio/common';

import { createArloClient } from '../src/arlo';
import type { Config } from '../src/config';
import { recordArloCall } from '../src/metrics/worker-metrics';
import type { ArloClientFactory, PlatformEventsSource } from './arlo-port';

/**
 * One Arlo client per configured platform, created once and shared by every activity (so an OAuth 2
 * token is fetched once, not per call). An event for a platform that is not configured fails for good:
 * retrying cannot help until the configuration changes.
 */
export function createArloClientFactory(config: Pick<Config, 'platforms' | 'arlo'>): ArloClientFactory {
  const clients = new Map<string, PlatformEventsSource>(
    config.platforms.map((platform) => [
      platform.name,
      createArloClient({
        baseUrl: platform.baseUrl,
        credentials: platform.credentials,
        timeoutMs: config.arlo.requestTimeoutMs,
        maxResponseBytes: config.arlo.maxResponseBytes,
        onExchange: (call) => recordArloCall(platform.name, call),
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
