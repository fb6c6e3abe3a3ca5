import { ApplicationFailure } from '@temporalio/common';

import { createArloClient, type ArloClient } from '../src/arlo';
import type { Config } from '../src/config';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { recordArloCall } from '../src/metrics/worker-metrics';
import type { ArloClientFactory } from './arlo-port';

/** One configured platform as the activities see it: its Arlo client and IntegrationData vendor ID. */
export interface ArloPlatform {
  readonly client: ArloClient;
  readonly vendorId: string;
}

/**
 * One Arlo client per configured platform, created once and shared by every activity of the pull and the
 * push path (so an OAuth 2 token is fetched once, not per call). A platform that is not configured fails
 * for good: retrying cannot help until the configuration changes.
 */
export function createArloPlatforms(
  config: Pick<Config, 'platforms' | 'arlo'>,
): (platform: string) => ArloPlatform {
  const platforms = new Map<string, ArloPlatform>(
    config.platforms.map((platform) => [
      platform.name,
      {
        client: createArloClient({
          baseUrl: platform.baseUrl,
          credentials: platform.credentials,
          timeoutMs: config.arlo.requestTimeoutMs,
          maxResponseBytes: config.arlo.maxResponseBytes,
          // Every Arlo request is counted here, once, by endpoint and status (worker /metrics).
          onExchange: (call) => recordArloCall(platform.name, call),
        }),
        vendorId: platform.vendorId,
      },
    ]),
  );
  return (platform) => {
    const found = platforms.get(platform);
    if (!found) {
      throw ApplicationFailure.nonRetryable(
        `Arlo platform ${platform} is not configured: add it to ARLO_PLATFORMS_FILE (or ARLO_BASE_URL)`,
        FAILURE_TYPES.unknownArloPlatform,
      );
    }
    return found;
  };
}

/** The pull path's view of createArloPlatforms: the client alone. */
export function createArloClientFactory(config: Pick<Config, 'platforms' | 'arlo'>): ArloClientFactory {
  const platforms = createArloPlatforms(config);
  return (platform) => platforms(platform).client;
}
