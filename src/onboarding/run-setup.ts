/**
 * `arlo-sync setup`: connect one Arlo platform, safely and idempotently. Each step says what it found or
 * did (or, with dryRun, what it would do); a second run finds everything in place and changes nothing.
 *
 *   1. the platform and the callback URL from configuration (never from argv)
 *   2. a harmless read (list webhook endpoints), explaining a wrong URL / credentials / role / host
 *   3. the webhook endpoint for RECEIVER_PUBLIC_URL: reused, or registered with its key stored
 *   4. Temporal: search attributes, then the platform's schedules
 *   5. the initial bulk load (offered)
 *
 * Secrets are never printed: not the password, not the token, not the signing key.
 */
import type { Client } from '@temporalio/client';

import { createArloClient, type ArloClient, type WebhookEndpoint } from '../arlo';
import { chooseConfiguredPlatform, type Config, type PlatformConfig } from '../config';
import { connectClient, temporalTarget } from '../temporal/connection';
import { webhookCallbackUrl } from './callback-url';
import { explainArloFailure } from './explain-arlo-failure';
import { OnboardingError } from './onboarding-error';
import { ensurePlatformSchedules, ensureSearchAttributes, type ScheduleStepResult } from './schedule-setup';
import { ensureWebhookEndpoint, listAllWebhookEndpoints, type EndpointOutcome } from './webhook-registration';

export interface SetupOptions {
  readonly dryRun: boolean;
  /** Which configured platform (needed only when several are configured). */
  readonly platform?: string;
}

export interface SetupDeps {
  readonly write: (line: string) => void;
  /** Defaults to a client for the platform's configuration. */
  readonly arloClient?: (platform: PlatformConfig) => ArloClient;
  /** Defaults to the configured Temporal server. */
  readonly temporalClient?: () => Promise<Client>;
}

export interface SetupResult {
  readonly platform: string;
  readonly callbackUrl: string;
  readonly endpoint: EndpointOutcome;
  readonly schedules: readonly ScheduleStepResult[];
}

export function arloClientFor(config: Config): (platform: PlatformConfig) => ArloClient {
  return (platform) =>
    createArloClient({
      baseUrl: platform.baseUrl,
      credentials: platform.credentials,
      timeoutMs: config.arlo.requestTimeoutMs,
      maxResponseBytes: config.arlo.maxResponseBytes,
    });
}

/** The first call: proves URL, credentials and role at once, and returns what setup needs next. */
async function listEndpoints(client: ArloClient, platform: PlatformConfig): Promise<WebhookEndpoint[]> {
  try {
    return await listAllWebhookEndpoints(client);
  } catch (error) {
    throw explainArloFailure(error, platform.baseUrl, platform.credentials.kind) ?? error;
  }
}

export async function connectTemporalForSetup(config: Config): Promise<Client> {
  const target = temporalTarget(config);
  try {
    return await connectClient(target);
  } catch (error) {
    throw new OnboardingError(
      `cannot reach Temporal at ${target.address} (${(error as Error).message.split('\n')[0] ?? ''}): start it (\`arlo-sync up\`) or set TEMPORAL_ADDRESS`,
    );
  }
}

function describeEndpoint(outcome: EndpointOutcome, callbackUrl: string): string {
  switch (outcome.action) {
    case 'reused':
      return outcome.endpoint.status === 'Inactive'
        ? `! Webhook endpoint ${outcome.endpoint.id} for ${callbackUrl} exists but is Inactive: activate it in Arlo`
        : `✓ Webhook endpoint ${outcome.endpoint.id} already registered for ${callbackUrl}; its key is stored`;
    case 'registered':
      return `✓ Webhook endpoint ${outcome.endpoint.id} registered for ${callbackUrl}; key stored in ${outcome.keyFile} (owner-only)`;
    case 'would-register':
      return `→ Would register a webhook endpoint for ${callbackUrl} and store its key in ${outcome.keyFile}`;
  }
}

function describeSchedule(result: ScheduleStepResult): string {
  const note = result.note ? ` (${result.note})` : '';
  switch (result.outcome) {
    case 'created':
      return `✓ Schedule ${result.scheduleId} created${note}`;
    case 'exists':
      return `${result.note ? '!' : '✓'} Schedule ${result.scheduleId} already exists${note}`;
    case 'would-create':
      return `→ Would create schedule ${result.scheduleId}${note}`;
  }
}

export async function runSetup(config: Config, options: SetupOptions, deps: SetupDeps): Promise<SetupResult> {
  const { write, dryRun } = { ...deps, ...options };
  const platform = chooseConfiguredPlatform(config.platforms, options.platform);
  const callbackUrl = webhookCallbackUrl(config.receiver);
  write(`arlo-sync setup: platform ${platform.name}${dryRun ? ' (dry run: nothing will be changed)' : ''}`);

  const arlo = (deps.arloClient ?? arloClientFor(config))(platform);
  const existing = await listEndpoints(arlo, platform);
  write(
    `✓ Arlo at ${arlo.baseUrl} accepted the credentials (${existing.length} webhook endpoint${existing.length === 1 ? '' : 's'} registered)`,
  );

  let endpoint: EndpointOutcome;
  try {
    endpoint = await ensureWebhookEndpoint({ client: arlo, existing, callbackUrl, platform, dryRun });
  } catch (error) {
    throw explainArloFailure(error, platform.baseUrl, platform.credentials.kind) ?? error;
  }
  write(describeEndpoint(endpoint, callbackUrl));

  const temporal = await (deps.temporalClient ?? (() => connectTemporalForSetup(config)))();
  let schedules: ScheduleStepResult[];
  try {
    const attributes = await ensureSearchAttributes(temporal, config.temporal.namespace, dryRun);
    write(
      attributes.outcome === 'exists'
        ? `✓ Temporal namespace ${config.temporal.namespace}: search attributes already registered`
        : `${attributes.outcome === 'created' ? '✓ Registered' : '→ Would register'} search attributes on ${config.temporal.namespace}: ${attributes.names.join(', ')}`,
    );
    schedules = await ensurePlatformSchedules(temporal, config, platform.name, dryRun);
    for (const schedule of schedules) write(describeSchedule(schedule));
  } finally {
    await temporal.connection.close();
  }

  if (endpoint.action === 'registered') {
    write('Next: (re)start the receiver (`arlo-sync server`) so it reads the new key.');
  }
  return { platform: platform.name, callbackUrl, endpoint, schedules };
}
