/**
 * Where a variable's value comes from. The first source that sets a variable wins:
 * the real environment > `.env` > the running local stack's values > the built-in default.
 * An empty value counts as not set, so it never hides a value further down.
 */
import type { Env } from './config-types';

export type ConfigSource = 'environment' | '.env' | 'local stack' | 'default';

export interface EnvLayer {
  readonly source: Exclude<ConfigSource, 'default'>;
  readonly env: Env;
}

interface Found {
  readonly value: string;
  readonly source: EnvLayer['source'];
}

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

/** The variable from the first layer that sets it. */
export function lookup(layers: readonly EnvLayer[], name: string): Found | undefined {
  for (const layer of layers) {
    const value = layer.env[name];
    if (isSet(value)) return { value, source: layer.source };
  }
  return undefined;
}

/**
 * A secret and its `NAME_FILE` form are one setting: the first layer that sets either wins, so a
 * password in the environment is not mixed with a password file named in `.env`.
 */
export function lookupSecret(
  layers: readonly EnvLayer[],
  name: string,
): { value?: string; file?: string; source: EnvLayer['source'] } | undefined {
  for (const layer of layers) {
    const value = layer.env[name];
    const file = layer.env[`${name}_FILE`];
    if (isSet(value) || isSet(file)) {
      return {
        ...(isSet(value) ? { value } : {}),
        ...(isSet(file) ? { file } : {}),
        source: layer.source,
      };
    }
  }
  return undefined;
}

/** All layers as one environment (for libraries that read variables themselves, such as envconfig). */
export function merged(layers: readonly EnvLayer[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const layer of [...layers].reverse()) {
    for (const [name, value] of Object.entries(layer.env)) if (isSet(value)) env[name] = value;
  }
  return env;
}
