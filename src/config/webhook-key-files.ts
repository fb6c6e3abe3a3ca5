/**
 * Webhook signing keys kept in a file: the file `arlo-sync setup` writes when it registers the endpoint,
 * and the service reads (comma- or newline-separated keys).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { quoted } from './mask-credentials';
import { list, platformName, webhookKeyList } from './schemas';

/** Where `arlo-sync setup` stores a platform's webhook key unless told otherwise. */
function defaultWebhookKeyFile(dataDir: string, platform: string): string {
  return path.join(dataDir, 'secrets', `${platform}.webhook-key`);
}

export interface KeysFromFile {
  readonly webhookKeys: string[];
  readonly webhookKeysFile?: string;
}

/**
 * The keys in `file` (else the platform's default key file). A file that does not exist yet means no
 * keys yet: `arlo-sync setup` creates it, and the receiver says which platform still lacks a key.
 */
export function keysFromFile(
  options: { file: string | undefined; platform: string | undefined; dataDir: string; label: string },
  problems: string[],
): KeysFromFile {
  const { platform, dataDir, label } = options;
  if (!options.file && !platformName.safeParse(platform).success) return { webhookKeys: [] };
  const file = options.file ?? defaultWebhookKeyFile(dataDir, platform ?? '');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problems.push(`${label}=${quoted(file)}: cannot read it (${code})`);
    return { webhookKeys: [], webhookKeysFile: file };
  }
  const keys = webhookKeyList.safeParse(list(text.replace(/\s+/g, ',')));
  if (keys.success) return { webhookKeys: keys.data, webhookKeysFile: file };
  problems.push(`${label}=${quoted(file)}: ${keys.error.issues.map((i) => i.message).join('; ')}`);
  return { webhookKeys: [], webhookKeysFile: file };
}
