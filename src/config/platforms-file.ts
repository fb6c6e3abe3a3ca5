/**
 * ARLO_PLATFORMS_FILE: several platforms in one deployment, as a JSON array. Each entry's fields have
 * the types of the ARLO_* variables they stand for (src/config/schemas.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { PROJECT_ROOT } from '../project-root';
import { credentialsOf } from './arlo-credentials';
import type { PlatformConfig } from './config-types';
import { quoted } from './mask-credentials';
import { secretJsonFileProblem } from './secret-file-problem';
import {
  arloBaseUrl,
  nonEmpty,
  platformName,
  urlWithoutCredentials,
  vendorId,
  webhookKeyList,
} from './schemas';
import { VARIABLES } from './variables';
import { keysFromFile } from './webhook-key-files';

const entrySchema = z
  .object({
    name: platformName,
    baseUrl: arloBaseUrl("use the entry's username and password (or its OAuth 2 settings) instead"),
    username: nonEmpty.optional(),
    password: nonEmpty.optional(),
    oauthTokenUrl: urlWithoutCredentials("use the entry's oauthClientId and oauthClientSecret").optional(),
    oauthClientId: nonEmpty.optional(),
    oauthClientSecret: nonEmpty.optional(),
    oauthScope: z.string().optional(),
    webhookKeys: webhookKeyList.default([]),
    webhookKeysFile: nonEmpty.optional(),
    vendorId: vendorId.default(VARIABLES.ARLO_VENDOR_ID.default),
  })
  .transform((entry, ctx): PlatformConfig => {
    const found = credentialsOf(entry);
    if ('problem' in found) {
      ctx.addIssue({ code: 'custom', message: found.message });
      return z.NEVER;
    }
    return {
      name: entry.name,
      baseUrl: entry.baseUrl,
      credentials: found.credentials,
      webhookKeys: entry.webhookKeys,
      ...(entry.webhookKeysFile !== undefined ? { webhookKeyFile: entry.webhookKeysFile } : {}),
      vendorId: entry.vendorId,
    };
  });

export function readPlatformsFile(file: string, dataDir: string, problems: string[]): PlatformConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`ARLO_PLATFORMS_FILE=${quoted(file)}: ${secretJsonFileProblem(error)}`);
    return [];
  }
  const entries = Array.isArray(parsed)
    ? parsed.map((entry: unknown, index) =>
        withKeysFromFile(entry, { dataDir, label: `ARLO_PLATFORMS_FILE ${index}` }, problems),
      )
    : parsed;
  const result = z.array(entrySchema).min(1).safeParse(entries);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push(`ARLO_PLATFORMS_FILE ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return [];
}

/** An entry without `webhookKeys` reads them from its key file. */
function withKeysFromFile(
  entry: unknown,
  options: { dataDir: string; label: string },
  problems: string[],
): unknown {
  if (typeof entry !== 'object' || entry === null || 'webhookKeys' in entry) return entry;
  const { name, webhookKeysFile } = entry as { name?: unknown; webhookKeysFile?: unknown };
  return {
    ...entry,
    ...keysFromFile(
      {
        file: typeof webhookKeysFile === 'string' ? path.resolve(PROJECT_ROOT, webhookKeysFile) : undefined,
        platform: typeof name === 'string' ? name : undefined,
        dataDir: options.dataDir,
        label: `${options.label} webhookKeysFile`,
      },
      problems,
    ),
  };
}
