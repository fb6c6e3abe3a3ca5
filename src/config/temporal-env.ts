/**
 * Temporal's standard environment configuration (TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE,
 * TEMPORAL_CONFIG_FILE and its TOML profiles), read by @temporalio/envconfig from the same sources as
 * every other variable, so arlo-sync connects as the Temporal CLI does.
 */
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';

import type { Config } from './config-types';
import { maskCredentials } from './mask-credentials';

type TemporalEnvConfig = ClientConnectConfig | { readonly problem: string };

export function readTemporalEnvConfig(env: Record<string, string>): TemporalEnvConfig {
  try {
    return loadClientConnectConfig({ overrideEnvVars: env });
  } catch (error) {
    return {
      problem: `TEMPORAL_CONFIG_FILE/TEMPORAL_PROFILE/TEMPORAL_TLS*: ${maskCredentials((error as Error).message)}`,
    };
  }
}

/** The connection options without the address (TEMPORAL_ADDRESS, or the profile's, is kept apart). */
export function connectionOptions(
  options: ClientConnectConfig['connectionOptions'] | undefined,
): Config['temporal']['connection'] {
  const { address: _address, ...rest } = options ?? {};
  return rest;
}
