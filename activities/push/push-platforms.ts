/**
 * The production `pushPlatform` for PushActivityDeps: one Arlo client per configured platform, created
 * on first use and reused (it holds the OAuth token cache).
 */
import type { Config } from '../../src/config';
import { createArloClient } from '../../src/arlo/arlo-client';
import { recordArloCall } from '../../src/metrics/worker-metrics';
import type { PushPlatform } from './push-deps';

export function createPushPlatforms(config: Config): (platform: string) => PushPlatform {
  const cache = new Map<string, PushPlatform>();
  return (name) => {
    const cached = cache.get(name);
    if (cached) return cached;
    const platform = config.platforms.find((p) => p.name === name);
    if (!platform) {
      throw new Error(`platform ${JSON.stringify(name)} is not configured (ARLO_* or ARLO_PLATFORMS_FILE)`);
    }
    const created: PushPlatform = {
      client: createArloClient({
        baseUrl: platform.baseUrl,
        credentials: platform.credentials,
        timeoutMs: config.arlo.requestTimeoutMs,
        maxResponseBytes: config.arlo.maxResponseBytes,
        onExchange: (call) => recordArloCall(platform.name, call),
      }),
      vendorId: platform.vendorId,
    };
    cache.set(name, created);
    return created;
  };
}
