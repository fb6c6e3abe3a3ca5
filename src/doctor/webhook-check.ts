/** The platform's webhook endpoint for this receiver: registered, Active, and its key stored here. */
import type { ArloClient } from '../arlo';
import type { Config, PlatformConfig } from '../config';
import { webhookCallbackUrl } from '../onboarding/callback-url';
import { explainArloFailure } from '../onboarding/explain-arlo-failure';
import { findEndpoint, listAllWebhookEndpoints } from '../onboarding/webhook-registration';
import { fail, ok, type CheckResult } from './check-result';
import { firstLine } from './temporal-checks';

export async function checkWebhookEndpoint(
  arlo: ArloClient,
  platform: PlatformConfig,
  receiver: Config['receiver'],
): Promise<CheckResult> {
  const name = `Webhook endpoint on ${platform.name}`;
  let callbackUrl: string;
  try {
    callbackUrl = webhookCallbackUrl(receiver);
  } catch (error) {
    return fail(name, firstLine(error), 'set RECEIVER_PUBLIC_URL, then run `arlo-sync setup`');
  }
  let found;
  try {
    found = findEndpoint(await listAllWebhookEndpoints(arlo), callbackUrl);
  } catch (error) {
    const explained = explainArloFailure(error, platform.baseUrl, platform.credentials.kind);
    return fail(
      name,
      explained?.message ?? firstLine(error),
      'correct the ARLO_* settings, then run `arlo-sync setup`',
    );
  }
  if (!found) {
    return fail(name, `none registered for ${callbackUrl}`, 'run `arlo-sync setup`');
  }
  if (found.status === 'Inactive') {
    return fail(
      name,
      `endpoint ${found.id} for ${callbackUrl} is Inactive`,
      'activate it in Arlo (Settings > Integrations > Webhooks)',
    );
  }
  if (platform.webhookKeys.length === 0) {
    return fail(
      name,
      `endpoint ${found.id} is registered, but no signing key is stored here: every callback is rejected with 401`,
      `put its key in ${platform.webhookKeyFile ?? 'ARLO_WEBHOOK_KEYS'}, or delete the endpoint in Arlo and run \`arlo-sync setup\``,
    );
  }
  return ok(name, `endpoint ${found.id} Active at ${callbackUrl}; key stored`);
}
