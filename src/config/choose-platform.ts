/**
 * Which configured Arlo platform a command acts on (bulk, push, setup): the one `--platform` names, or
 * the only one configured. One rule and one wording for all of them. Platform names are host names, so
 * the match ignores case.
 */
import type { PlatformConfig } from './config-types';

const NO_PLATFORM_CONFIGURED =
  'no Arlo platform is configured: set ARLO_BASE_URL with ARLO_USERNAME and ARLO_PASSWORD (or ' +
  'ARLO_PASSWORD_FILE, or the ARLO_OAUTH_* variables), or ARLO_PLATFORMS_FILE; or run `npm start` in this ' +
  'checkout (or set ARLO_SYNC_DATA_DIR to the data folder of one running elsewhere): commands then use its ' +
  'demo platform';

/** The platform choice cannot be made; the message says why and what to do. */
export class PlatformChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformChoiceError';
  }
}

export function chooseConfiguredPlatform(
  platforms: readonly PlatformConfig[],
  requested: string | undefined,
): PlatformConfig {
  const names = platforms.map((p) => p.name).join(', ');
  if (platforms.length === 0) throw new PlatformChoiceError(NO_PLATFORM_CONFIGURED);
  if (requested === undefined) {
    const [only, ...others] = platforms;
    if (only && others.length === 0) return only;
    throw new PlatformChoiceError(
      `${platforms.length} platforms are configured: choose one with --platform (${names})`,
    );
  }
  const chosen = platforms.find((p) => p.name.toLowerCase() === requested.toLowerCase());
  if (!chosen) {
    throw new PlatformChoiceError(`--platform ${requested} is not configured; configured: ${names}`);
  }
  return chosen;
}
