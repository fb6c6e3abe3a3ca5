/**
 * Error bodies and Retry-After: what the typed errors' `arloMessage` and `retryAfterMs` are built from.
 */
import { parseApiException, parseRateLimitBody } from '../../../src/arlo/error-bodies';
import { parseRetryAfter, retryAfterFromSeconds } from '../../../src/arlo/retry-after';
import { arloFixture } from '../../helpers/arlo-fixtures';

describe('parseApiException', () => {
  it('reads Code and Message', () => {
    expect(parseApiException(arloFixture('api-exception.xml'))).toEqual({
      code: 'InvalidPatchDocument',
      message:
        "The selector 'Contact/Link[@title='Employment']/ContactEmployment/Position/text()' did not match any node.",
    });
  });

  it('flattens control characters and shortens long messages, so logs stay one line', () => {
    const detail = parseApiException(
      `<ApiException><Code>X</Code><Message>line1\nline2${'y'.repeat(400)}</Message></ApiException>`,
    );
    expect(detail?.message).toMatch(/^line1 line2y+…$/);
    expect(detail?.message).toHaveLength(301);
  });

  it.each([
    ['an HTML error page', '<html><body>Bad Gateway</body></html>'],
    ['broken XML', '<ApiException><Code>X</ApiException>'],
    ['an empty body', ''],
  ])('returns undefined for %s instead of throwing', (_what, body) => {
    expect(parseApiException(body)).toBeUndefined();
  });
});

describe('parseRateLimitBody', () => {
  it('reads the documented 429 body', () => {
    expect(
      parseRateLimitBody('{"error":"rate_limit_exceeded","message":"Too many","retryAfter":60}'),
    ).toEqual({
      error: 'rate_limit_exceeded',
      message: 'Too many',
      retryAfter: 60,
    });
  });

  it.each(['not json', '{"retryAfter":-1}', 'null'])('returns undefined for %s', (body) => {
    expect(parseRateLimitBody(body)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-15T08:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('60', now)).toBe(60_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date relative to now, and never goes negative', () => {
    expect(parseRetryAfter('Mon, 15 Jan 2024 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 15 Jan 2024 07:59:00 GMT', now)).toBe(0);
  });

  it.each([null, undefined, '', '-5', '1.5', 'soon', '2024-01-15T08:00:30Z'])(
    'returns undefined for %p',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );

  it('converts the JSON body’s seconds', () => {
    expect(retryAfterFromSeconds(60)).toBe(60_000);
    expect(retryAfterFromSeconds(undefined)).toBeUndefined();
    expect(retryAfterFromSeconds(-1)).toBeUndefined();
  });
});
