import { z } from 'zod';

import {
  arloBaseUrl,
  intBetween,
  list,
  nonEmpty,
  platformName,
  positiveInt,
  projectPath,
  urlWithoutCredentials,
  vendorId,
  webhookKeyList,
} from '../schemas';
import type { VariableDeclaration } from './declaration';

/** The Arlo platform (one; ARLO_PLATFORMS_FILE for several) and the limits on every Arlo call. */
export const ARLO_VARIABLES = {
  ARLO_BASE_URL: {
    group: 'arlo',
    schema: arloBaseUrl('set ARLO_USERNAME and ARLO_PASSWORD (or ARLO_PASSWORD_FILE) instead'),
    defaultText: 'the simulator',
    description:
      'Auth API root of your platform, e.g. `https://demo.arlo.co/api/2012-02-01/auth/resources/`; https only (http for loopback)',
  },
  ARLO_PLATFORM: {
    group: 'arlo',
    schema: platformName,
    defaultText: 'the host of the base URL',
    description: 'the host name Arlo sends in `X-Arlo-Platform`',
  },
  ARLO_USERNAME: {
    group: 'arlo',
    schema: nonEmpty,
    description: 'HTTP Basic: an Arlo user with the API user role',
  },
  ARLO_PASSWORD: {
    group: 'arlo',
    schema: nonEmpty,
    secret: true,
    description: "that user's password",
  },
  ARLO_OAUTH_TOKEN_URL: {
    group: 'arlo',
    schema: urlWithoutCredentials('set ARLO_OAUTH_CLIENT_ID and ARLO_OAUTH_CLIENT_SECRET instead'),
    description:
      "OAuth 2 client credentials instead of Basic (Arlo's recommendation for production): token URL",
  },
  ARLO_OAUTH_CLIENT_ID: { group: 'arlo', schema: nonEmpty, description: 'OAuth 2 client ID' },
  ARLO_OAUTH_CLIENT_SECRET: {
    group: 'arlo',
    schema: nonEmpty,
    secret: true,
    description: 'OAuth 2 client secret',
  },
  ARLO_OAUTH_SCOPE: {
    group: 'arlo',
    schema: z.string(),
    description: 'OAuth 2 scope, if the platform wants one',
  },
  ARLO_WEBHOOK_KEYS: {
    group: 'arlo',
    schema: z.string().transform(list).pipe(webhookKeyList),
    secret: true,
    // ARLO_WEBHOOK_KEYS_FILE is a variable of its own: the key file `setup` writes.
    secretFile: false,
    description: 'Base64 signing key(s) of the webhook endpoint; two, comma-separated, during a rotation',
  },
  ARLO_WEBHOOK_KEYS_FILE: {
    group: 'arlo',
    schema: projectPath,
    defaultText: '`<data dir>/secrets/<platform>.webhook-key`',
    description:
      'the key file `arlo-sync setup` writes (mode 0600) and the service reads, instead of the keys',
  },
  ARLO_VENDOR_ID: {
    group: 'arlo',
    schema: vendorId,
    default: 'arlo-sync',
    description: 'IntegrationData vendor ID of the cross-references the push side writes',
  },
  ARLO_PLATFORMS_FILE: {
    group: 'arlo',
    schema: nonEmpty,
    description:
      'JSON array of platforms, for one deployment serving several; replaces the `ARLO_*` variables above',
    details:
      'Each entry: {name, baseUrl, username, password | oauthTokenUrl, oauthClientId, oauthClientSecret,\noauthScope, webhookKeys | webhookKeysFile, vendorId}.',
  },
  ARLO_REQUESTS_PER_MINUTE: {
    group: 'arlo',
    schema: positiveInt,
    default: '300',
    description: "the platform's request budget, shared by every worker (Arlo's limit is 300/minute)",
  },
  ARLO_PAGE_SIZE: {
    group: 'arlo',
    schema: intBetween(1, 250),
    default: '250',
    description: 'records per bulk page and per catch-up PlatformEvents page (1-250)',
  },
  ARLO_REQUEST_TIMEOUT_MS: {
    group: 'arlo',
    schema: positiveInt,
    default: '30000',
    description: 'time limit of one Arlo call',
  },
  ARLO_MAX_RESPONSE_BYTES: {
    group: 'arlo',
    schema: positiveInt,
    default: String(32 * 1024 * 1024),
    defaultText: '32 MiB',
    description: 'size limit of one Arlo answer',
  },
} as const satisfies Record<string, VariableDeclaration>;
