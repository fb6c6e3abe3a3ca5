/**
 * The one helper for showing a URI that may hold credentials (MongoDB connection strings, URLs with
 * `user:password@`): configuration output, validation messages, start-up errors and log lines all pass
 * URIs through it. MongoDB's own redaction (the library the driver parses connection strings with) also
 * hides credentials in the query (`tlsCertificateKeyFilePassword`, `proxyPassword`, AWS session tokens),
 * and still masks a string it cannot parse, up to its last `@`.
 */
import { redactConnectionString } from 'mongodb-connection-string-url';

const HIDDEN = '<credentials>';

export function maskCredentials(uri: string): string {
  // The library's fallback works line by line; a URI with a line break is malformed: show none of it.
  if (/[\r\n]/.test(uri)) return HIDDEN;
  const masked = redactConnectionString(uri, { replacementString: HIDDEN });
  // Without a scheme (`user:password@host:7233`) the library finds no `//` to start from.
  if (masked.includes('://') || !masked.includes('@')) return masked;
  return `${HIDDEN}${masked.slice(masked.lastIndexOf('@'))}`;
}

/** A value as a problem line quotes it: in JSON quotes, credentials masked (a path can be a URI too). */
export function quoted(value: string): string {
  return JSON.stringify(maskCredentials(value));
}
