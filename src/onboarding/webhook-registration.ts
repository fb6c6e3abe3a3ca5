/**
 * Finds or registers the platform's webhook endpoint for this receiver, idempotently: an endpoint with
 * the same callback URL is reused; otherwise one is registered for the event types arlo-sync handles,
 * and its key (shown by Arlo only in the registration answer) is stored in the key file.
 */
import type { ArloClient, WebhookEndpoint } from '../arlo';
import { HANDLED_EVENT_TYPES } from '../domain/arlo-event';
import type { PlatformConfig } from '../config';
import { sameCallbackUrl } from './callback-url';
import { OnboardingError } from './onboarding-error';
import { assertKeyFileWritable, writeKeyFile } from './webhook-key-file';

export const ENDPOINT_NAME = 'arlo-sync';

export type EndpointOutcome =
  | { readonly action: 'reused'; readonly endpoint: WebhookEndpoint }
  | { readonly action: 'registered'; readonly endpoint: WebhookEndpoint; readonly keyFile: string }
  | { readonly action: 'would-register'; readonly keyFile: string };

export interface EnsureEndpointInput {
  readonly client: Pick<ArloClient, 'createWebhookEndpoint'>;
  /** Every endpoint the platform lists (the first call of setup already read them). */
  readonly existing: readonly WebhookEndpoint[];
  readonly callbackUrl: string;
  readonly platform: Pick<PlatformConfig, 'name' | 'webhookKeys' | 'webhookKeyFile'>;
  readonly dryRun: boolean;
}

/** Enough for any real platform; a longer chain of next links is more likely a loop than a list. */
const MAX_ENDPOINT_PAGES = 20;

/** Every registered endpoint, following `next` links (each checked against the platform's origin). */
export async function listAllWebhookEndpoints(
  client: Pick<ArloClient, 'listWebhookEndpoints' | 'listWebhookEndpointsByHref'>,
): Promise<WebhookEndpoint[]> {
  let page = await client.listWebhookEndpoints();
  const all = [...page.items];
  for (let pages = 1; page.nextHref !== undefined; pages++) {
    if (pages >= MAX_ENDPOINT_PAGES) {
      throw new OnboardingError(
        `the platform lists webhook endpoints over more than ${MAX_ENDPOINT_PAGES} pages: remove unused endpoints in Arlo, then run this again`,
      );
    }
    page = await client.listWebhookEndpointsByHref(page.nextHref);
    all.push(...page.items);
  }
  return all;
}

export function findEndpoint(
  existing: readonly WebhookEndpoint[],
  callbackUrl: string,
): WebhookEndpoint | undefined {
  // An Active one first: a deactivated duplicate must not hide a working registration.
  const matches = existing.filter((endpoint) => sameCallbackUrl(endpoint.url, callbackUrl));
  return matches.find((endpoint) => endpoint.status !== 'Inactive') ?? matches[0];
}

export async function ensureWebhookEndpoint(input: EnsureEndpointInput): Promise<EndpointOutcome> {
  const { platform, callbackUrl } = input;
  const found = findEndpoint(input.existing, callbackUrl);
  if (found) {
    if (platform.webhookKeys.length === 0) {
      throw new OnboardingError(
        `webhook endpoint ${found.id} is already registered for ${callbackUrl}, but its signing key is not stored here and Arlo shows a key only once: to rotate, delete endpoint ${found.id} in Arlo (Settings > Integrations > Webhooks) and run \`arlo-sync setup\` again, or put its key in ${platform.webhookKeyFile ?? 'ARLO_WEBHOOK_KEYS'}`,
      );
    }
    return { action: 'reused', endpoint: found };
  }
  const keyFile = platform.webhookKeyFile;
  if (keyFile === undefined) {
    throw new OnboardingError(
      'ARLO_WEBHOOK_KEYS is set directly, so setup cannot store the key of a new endpoint: unset it (setup then stores the key in a file the service reads) or set ARLO_WEBHOOK_KEYS_FILE instead',
    );
  }
  if (input.dryRun) return { action: 'would-register', keyFile };
  await assertKeyFileWritable(keyFile);
  const endpoint = await input.client.createWebhookEndpoint({
    url: callbackUrl,
    name: ENDPOINT_NAME,
    status: 'Active',
    eventTypes: HANDLED_EVENT_TYPES,
  });
  if (!endpoint.key) {
    throw new OnboardingError(
      `Arlo registered webhook endpoint ${endpoint.id} but did not return its signing key: delete it in Arlo and run \`arlo-sync setup\` again`,
    );
  }
  await writeKeyFile(keyFile, endpoint.key);
  return { action: 'registered', endpoint, keyFile };
}
