/**
 * What `arlo-sync config` prints: every variable with its value (secrets only as "set (hidden)" or
 * "not set", URIs without credentials) and where the value came from, then the platforms it describes.
 */
import type { PlatformConfig } from './config-types';
import type { LoadedConfig } from './load-config';
import { maskCredentials } from './mask-credentials';
import { GROUPS, VARIABLE_NAMES, VARIABLES, type VariableDeclaration, type VariableName } from './variables';

const SOURCE_WIDTH = 'local stack'.length + 2;

export function describeConfig(loaded: LoadedConfig): string[] {
  const values: Readonly<Record<VariableName, unknown>> = loaded.values;
  const width = Math.max(...VARIABLE_NAMES.map((name) => name.length)) + 2;
  const lines = [
    'The configuration is valid. Each variable is taken from the first of these that sets it:',
    `  the environment > .env (${loaded.dotEnvFile ?? 'none in the current directory'}) > the local stack > the built-in default`,
  ];
  if (loaded.unknownInDotEnv.length > 0) {
    lines.push(`  .env also sets ${loaded.unknownInDotEnv.join(', ')}: not arlo-sync variables, ignored`);
  }
  for (const [group, title] of Object.entries(GROUPS)) {
    lines.push('', title.replace(/ \(.*\)$/, ''));
    for (const name of VARIABLE_NAMES.filter((n) => VARIABLES[n].group === group)) {
      lines.push(
        `  ${name.padEnd(width)}${describeValue(VARIABLES[name], values[name], loaded.sources.get(name))}`,
      );
    }
  }
  lines.push('', 'Platforms');
  const { platforms } = loaded.config;
  if (platforms.length === 0) lines.push('  none configured: `arlo-sync up` runs the Arlo simulator');
  for (const platform of platforms) lines.push(`  ${describePlatform(platform)}`);
  return lines;
}

/** `<source>  <value>`, or `not set` with what stands in for it. */
function describeValue(declaration: VariableDeclaration, value: unknown, source: string | undefined): string {
  if (source === undefined || value === undefined) {
    const standsIn = declaration.defaultText?.replace(/`/g, '');
    return standsIn ? `${'not set'.padEnd(SOURCE_WIDTH)}default: ${standsIn}` : 'not set';
  }
  if (declaration.secret) return `${source.padEnd(SOURCE_WIDTH)}set (hidden)`;
  const text = Array.isArray(value)
    ? value.join(',')
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
  return `${source.padEnd(SOURCE_WIDTH)}${maskCredentials(text)}`;
}

function describePlatform(p: PlatformConfig): string {
  const credentials =
    p.credentials.kind === 'basic'
      ? `HTTP Basic as ${p.credentials.username}, password set (hidden)`
      : `OAuth 2 client ${p.credentials.clientId} at ${maskCredentials(p.credentials.tokenUrl)}, secret set (hidden)`;
  const keyCount = `${p.webhookKeys.length} webhook key${p.webhookKeys.length === 1 ? '' : 's'}`;
  const keys =
    p.webhookKeys.length === 0
      ? `no webhook key yet${p.webhookKeyFile ? ` (key file ${p.webhookKeyFile})` : ''}`
      : `${keyCount} set (hidden)${p.webhookKeyFile ? ` from ${p.webhookKeyFile}` : ''}`;
  return `${p.name}: ${maskCredentials(p.baseUrl)}; ${credentials}; ${keys}; vendor ID ${p.vendorId}`;
}
