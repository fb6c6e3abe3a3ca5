/**
 * Where the client may send requests: only the configured platform's origin (scheme, host and port), over
 * HTTPS; plain http only to a loopback host (127.0.0.0/8, ::1, localhost), for the simulator and tests.
 * Every URL the client requests goes through `resolve` BEFORE any request is made, including hrefs that
 * came from Arlo's own responses (next pages, related resources, Location headers), so a tampered or
 * mistaken href can never carry the platform credentials to another host.
 */
import { ArloOriginViolationError } from './errors';

export interface OriginPolicy {
  /** e.g. `https://demo.arlo.co`. */
  readonly origin: string;
  /** The Auth API root, ending in `/`. */
  readonly baseUrl: string;
  /** A path relative to the base URL, or an absolute href; throws ArloOriginViolationError when outside. */
  resolve(target: string): URL;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why `url` may not carry credentials, or undefined when it may (https, or http to loopback; no userinfo). */
export function insecureUrlReason(url: URL): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} is not http(s)`;
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'plain http is allowed only to a loopback host; use https';
  }
  if (url.username || url.password) return 'URLs with user information are not accepted';
  return undefined;
}

export function createOriginPolicy(baseUrl: string): OriginPolicy {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new TypeError(`Arlo base URL ${JSON.stringify(baseUrl)} is not an absolute URL`);
  }
  const problem =
    insecureUrlReason(base) ??
    (base.search || base.hash ? 'it must not have a query or fragment' : undefined) ??
    (base.pathname.endsWith('/') ? undefined : 'it must end with "/"');
  if (problem) throw new TypeError(`Arlo base URL ${JSON.stringify(baseUrl)} is not usable: ${problem}`);

  const origin = base.origin;
  return {
    origin,
    baseUrl: base.href,
    resolve(target: string): URL {
      let url: URL;
      try {
        url = new URL(target, base);
      } catch {
        throw new ArloOriginViolationError(target, origin, 'not a URL');
      }
      const reason =
        insecureUrlReason(url) ?? (url.origin === origin ? undefined : `it is outside ${origin}`);
      if (reason) throw new ArloOriginViolationError(target, origin, reason);
      return url;
    },
  };
}
