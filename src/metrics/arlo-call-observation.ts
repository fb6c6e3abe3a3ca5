/**
 * What the Arlo HTTP client reports about each exchange through its `onExchange` hook, and the bounded
 * endpoint label derived from the URL (IDs and query strings removed), so metrics stay low-cardinality.
 * Pure: no prom-client here, so src/arlo can import the type without pulling metrics in.
 */

export interface ArloCallObservation {
  readonly method: string;
  /** The request URL's path relative to the platform's base URL, with IDs replaced: `contacts/:id/`. */
  readonly endpoint: string;
  /** The HTTP status, or the failure kind when no answer arrived (`timeout`, `network`, ...). */
  readonly status: string;
  readonly durationMs: number;
}

const NUMERIC = /^\d+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Anything else that looks like an identifier rather than a collection name (vendor IDs, codes). */
const OTHER_ID = /[^a-z]/;

/**
 * `https://x/api/2012-02-01/auth/resources/contacts/12/customfields/?top=1` with base
 * `https://x/api/2012-02-01/auth/resources/` → `contacts/:id/customfields/`. A URL outside the base
 * (an OAuth token endpoint) is labelled by its last path segment only.
 */
export function arloEndpointLabel(url: string, baseUrl: string): string {
  let path: string;
  try {
    const parsed = new URL(url);
    const base = new URL(baseUrl);
    path =
      parsed.origin === base.origin && parsed.pathname.startsWith(base.pathname)
        ? parsed.pathname.slice(base.pathname.length)
        : `(other)/${parsed.pathname.split('/').filter(Boolean).pop() ?? ''}`;
  } catch {
    return '(invalid)';
  }
  const segments = path.split('/').map((segment) => {
    if (segment === '' || segment === '(other)') return segment;
    if (NUMERIC.test(segment) || GUID.test(segment) || OTHER_ID.test(segment)) return ':id';
    return segment;
  });
  return segments.join('/') || '/';
}
