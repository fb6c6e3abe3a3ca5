/**
 * Bearer-token check for the push endpoint, in constant time. Both the presented token and every
 * configured one are hashed to SHA-256 first, so `timingSafeEqual` always compares 32 bytes: neither the
 * content nor the LENGTH of a configured token leaks through timing. Every configured token is compared,
 * without stopping at a match, so timing does not tell which one matched either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer (.+)$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for anything else. */
export function bearerTokenOf(authorization: string): string | undefined {
  return BEARER.exec(authorization)?.[1];
}

/** A matcher over the configured tokens (hashed once); true when `presented` is one of them. */
export function createTokenMatcher(tokens: readonly string[]): (presented: string | undefined) => boolean {
  const expected = tokens.map(digest);
  return (presented) => {
    // A missing token is not a secret: it is refused without a comparison.
    if (presented === undefined) return false;
    const given = digest(presented);
    let found = false;
    for (const token of expected) {
      if (timingSafeEqual(token, given)) found = true;
    }
    return found;
  };
}
