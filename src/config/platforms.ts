/**
 * The Arlo platforms: several from ARLO_PLATFORMS_FILE, or one from the ARLO_* variables, or none (the
 * simulator stands in; see `arlo-sync up`).
 */
import { credentialsOf } from './arlo-credentials';
import type { PlatformConfig } from './config-types';
import { readPlatformsFile } from './platforms-file';
import { hostOf, platformName } from './schemas';
import type { VariableValues } from './variables';
import { keysFromFile, type KeysFromFile } from './webhook-key-files';

export function readPlatforms(v: VariableValues, problems: string[]): PlatformConfig[] {
  if (v.ARLO_PLATFORMS_FILE) return readPlatformsFile(v.ARLO_PLATFORMS_FILE, v.ARLO_SYNC_DATA_DIR, problems);
  if (!v.ARLO_BASE_URL) return [];

  const name = platformName.safeParse(v.ARLO_PLATFORM ?? hostOf(v.ARLO_BASE_URL));
  if (!name.success) {
    problems.push(
      `ARLO_PLATFORM: not set, and the host of ARLO_BASE_URL is not a platform name: set the host name Arlo sends in X-Arlo-Platform`,
    );
    return [];
  }
  const found = credentialsOf({
    username: v.ARLO_USERNAME,
    password: v.ARLO_PASSWORD,
    oauthTokenUrl: v.ARLO_OAUTH_TOKEN_URL,
    oauthClientId: v.ARLO_OAUTH_CLIENT_ID,
    oauthClientSecret: v.ARLO_OAUTH_CLIENT_SECRET,
    oauthScope: v.ARLO_OAUTH_SCOPE,
  });
  if ('problem' in found) {
    const variables =
      found.problem === 'missing'
        ? 'ARLO_USERNAME/ARLO_PASSWORD'
        : 'ARLO_OAUTH_TOKEN_URL/ARLO_OAUTH_CLIENT_ID/ARLO_OAUTH_CLIENT_SECRET';
    problems.push(`${variables}: ${found.message}`);
    return [];
  }
  const keys = webhookKeys(v, name.data, problems);
  return [
    {
      name: name.data,
      baseUrl: v.ARLO_BASE_URL,
      credentials: found.credentials,
      webhookKeys: keys.webhookKeys,
      ...(keys.webhookKeysFile !== undefined ? { webhookKeyFile: keys.webhookKeysFile } : {}),
      vendorId: v.ARLO_VENDOR_ID,
    },
  ];
}

/** The keys given directly (ARLO_WEBHOOK_KEYS), else those in the key file. */
function webhookKeys(v: VariableValues, platform: string, problems: string[]): KeysFromFile {
  if (v.ARLO_WEBHOOK_KEYS === undefined) {
    return keysFromFile(
      {
        file: v.ARLO_WEBHOOK_KEYS_FILE,
        platform,
        dataDir: v.ARLO_SYNC_DATA_DIR,
        label: 'ARLO_WEBHOOK_KEYS_FILE',
      },
      problems,
    );
  }
  if (v.ARLO_WEBHOOK_KEYS_FILE !== undefined) {
    problems.push('ARLO_WEBHOOK_KEYS and ARLO_WEBHOOK_KEYS_FILE are both set: keep one');
  }
  return { webhookKeys: v.ARLO_WEBHOOK_KEYS };
}
