/**
 * Turns the first failed call to a platform into the one-line explanation a user needs: unreachable host,
 * wrong credentials, missing API role, or a base URL that is not an Arlo Auth API root.
 */
import type { ArloCredentials } from '../config';
import {
  ArloCredentialsError,
  ArloForbiddenError,
  ArloMalformedResponseError,
  ArloNetworkError,
  ArloNotFoundError,
  ArloOriginViolationError,
  ArloTimeoutError,
  ArloUnauthorisedError,
  ArloUnexpectedStatusError,
  isArloError,
} from '../arlo';
import { OnboardingError } from './onboarding-error';

export const AUTH_API_PATH = '/api/2012-02-01/auth/resources/';

/** The explanation for an Arlo client error; undefined for anything else (a bug: let it surface). */
export function explainArloFailure(
  error: unknown,
  baseUrl: string,
  credentials: ArloCredentials['kind'],
): OnboardingError | undefined {
  if (!isArloError(error)) return undefined;
  const origin = safeOrigin(baseUrl);
  if (
    error instanceof ArloNetworkError ||
    (error instanceof ArloTimeoutError && error.status === undefined)
  ) {
    return new OnboardingError(
      `cannot reach ${origin}: ${afterContext(error)}; check ARLO_BASE_URL and that this machine can reach the platform (DNS, firewall, proxy)`,
    );
  }
  if (error instanceof ArloUnauthorisedError) {
    const variables =
      credentials === 'basic'
        ? 'ARLO_USERNAME and ARLO_PASSWORD (or ARLO_PASSWORD_FILE)'
        : 'ARLO_OAUTH_CLIENT_ID and ARLO_OAUTH_CLIENT_SECRET (or ARLO_OAUTH_CLIENT_SECRET_FILE)';
    return new OnboardingError(`${origin} refused the credentials (401 Unauthorized): check ${variables}`);
  }
  if (error instanceof ArloCredentialsError) return new OnboardingError(afterContext(error));
  if (error instanceof ArloForbiddenError) {
    return new OnboardingError(
      `${origin} accepted the credentials but refused the request (403 Forbidden): give this Arlo user the API user role (Arlo: Administration > Users), or use a user that has it`,
    );
  }
  if (
    error instanceof ArloNotFoundError ||
    error instanceof ArloMalformedResponseError ||
    error instanceof ArloUnexpectedStatusError
  ) {
    const answer = error.status === undefined ? 'an unreadable answer' : `${error.status}`;
    return new OnboardingError(
      `${baseUrl} is not an Arlo Auth API (it answered ${answer}): ARLO_BASE_URL must be the platform's API root, ending in ${AUTH_API_PATH}`,
    );
  }
  if (error instanceof ArloOriginViolationError) return new OnboardingError(error.message);
  return new OnboardingError(`${origin} could not answer now (${afterContext(error)}); try again later`);
}

/** The message without the `GET https://…: ` prefix the client adds (the origin is said already). */
function afterContext(error: Error & { method?: string | undefined; url?: string | undefined }): string {
  const prefix = error.method && error.url ? `${error.method} ${error.url}: ` : '';
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

function safeOrigin(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}
