/**
 * The platforms whose callbacks this receiver accepts, looked up by the `X-Arlo-Platform` header.
 * One deployment may serve several Arlo platforms, each with its own keys (two during a rotation).
 */
import type { PlatformConfig } from '../config';
import { decodeWebhookKey } from './webhook-signature';

export interface WebhookPlatform {
  /** The configured name: what everything stored or named is scoped by. */
  readonly name: string;
  readonly keys: readonly Buffer[];
}

export interface WebhookPlatforms {
  /** The platform named by the header, matched case-insensitively (host names are), or undefined. */
  find(header: string): WebhookPlatform | undefined;
  /** Configured platforms that have no webhook key, so none of their callbacks can verify. */
  readonly withoutKeys: readonly string[];
  readonly size: number;
}

export function createWebhookPlatforms(platforms: readonly PlatformConfig[]): WebhookPlatforms {
  const byName = new Map<string, WebhookPlatform>();
  for (const platform of platforms) {
    byName.set(platform.name.toLowerCase(), {
      name: platform.name,
      keys: platform.webhookKeys.map(decodeWebhookKey),
    });
  }
  return {
    find: (header) => (header === '' ? undefined : byName.get(header.toLowerCase())),
    withoutKeys: platforms.filter((p) => p.webhookKeys.length === 0).map((p) => p.name),
    size: byName.size,
  };
}
