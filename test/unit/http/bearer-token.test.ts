/**
 * The push endpoint's token check: right and wrong answers, and that every comparison goes through
 * crypto.timingSafeEqual over fixed-length (SHA-256) digests, once per configured token, whatever the
 * presented token's length. (Which path the code takes, not how long it takes: timing tests are flaky.)
 */
import crypto from 'node:crypto';

import { bearerTokenOf, createTokenMatcher } from '../../../src/http/bearer-token';

const TOKENS = ['current-push-token-0123456789', 'next-push-token-for-rotation'];

afterEach(() => jest.restoreAllMocks());

describe('bearerTokenOf', () => {
  it('takes the token of a Bearer header and nothing else', () => {
    expect(bearerTokenOf('Bearer abc.def')).toBe('abc.def');
    expect(bearerTokenOf('')).toBeUndefined();
    expect(bearerTokenOf('Basic YTpi')).toBeUndefined();
    expect(bearerTokenOf('Bearer ')).toBeUndefined();
    expect(bearerTokenOf('bearer abc')).toBeUndefined();
  });
});

describe('createTokenMatcher', () => {
  it('accepts each configured token and refuses anything else', () => {
    const matches = createTokenMatcher(TOKENS);
    expect(matches(TOKENS[0])).toBe(true);
    expect(matches(TOKENS[1])).toBe(true);
    for (const wrong of ['', 'x', TOKENS[0]!.slice(0, -1), `${TOKENS[0]!}x`, TOKENS[0]!.toUpperCase()]) {
      expect(matches(wrong)).toBe(false);
    }
    expect(matches(undefined)).toBe(false);
    expect(createTokenMatcher([])('anything')).toBe(false);
  });

  it.each([
    ['the right token', TOKENS[1]!],
    ['a wrong token of the same length', 'X'.repeat(TOKENS[0]!.length)],
    ['a one-character token', 'x'],
    ['a 10 KB token', 'y'.repeat(10_240)],
  ])('compares %s with timingSafeEqual over 32-byte digests, once per configured token', (_, token) => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    createTokenMatcher(TOKENS)(token);
    expect(compare).toHaveBeenCalledTimes(TOKENS.length);
    for (const [a, b] of compare.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('makes no comparison for a missing token (its absence is not a secret)', () => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    expect(createTokenMatcher(TOKENS)(undefined)).toBe(false);
    expect(compare).not.toHaveBeenCalled();
  });
});
