/**
 * `Retry-After` (RFC 9110 §10.2.3) is either delay-seconds or an HTTP-date. Arlo sends `60` on a 429
 * and repeats it in the JSON body's `retryAfter` (api-notes.md), which is the fallback.
 */

/** Milliseconds to wait, or undefined when the value is absent or unreadable. Dates in the past give 0. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always names a weekday and GMT; Date.parse alone would accept far too much.
  if (!/^[A-Za-z]{3},? .+ GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The JSON body's `retryAfter` (seconds), when it is a non-negative number. */
export function retryAfterFromSeconds(seconds: number | undefined): number | undefined {
  return seconds === undefined || !Number.isFinite(seconds) || seconds < 0
    ? undefined
    : Math.round(seconds * 1000);
}
