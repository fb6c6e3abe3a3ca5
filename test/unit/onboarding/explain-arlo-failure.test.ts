import {
  ArloForbiddenError,
  ArloMalformedResponseError,
  ArloNetworkError,
  ArloNotFoundError,
  ArloServerError,
  ArloTimeoutError,
  ArloUnauthorisedError,
} from '../../../src/arlo';
import { explainArloFailure } from '../../../src/onboarding/explain-arlo-failure';

const BASE = 'https://acme.arlo.co/api/2012-02-01/auth/resources/';
const context = { method: 'GET', url: `${BASE}webhookendpoints/` };

describe('explainArloFailure', () => {
  it.each([
    [
      'an unreachable host',
      new ArloNetworkError(context, 'connect ECONNREFUSED 10.0.0.1:443'),
      /^cannot reach https:\/\/acme\.arlo\.co: network failure: connect ECONNREFUSED/,
    ],
    [
      'a timeout',
      new ArloTimeoutError(context, 30_000),
      /^cannot reach https:\/\/acme\.arlo\.co: no complete/,
    ],
    ['wrong credentials', new ArloUnauthorisedError(context), /refused the credentials.*ARLO_PASSWORD/],
    ['a missing API role', new ArloForbiddenError(context), /403 Forbidden.*API user role/],
    ['a wrong base URL (404)', new ArloNotFoundError(context), /answered 404.*ending in \/api\/2012-02-01/],
    [
      'a wrong base URL (not Arlo)',
      new ArloMalformedResponseError(context, 200, 'not XML'),
      /is not an Arlo Auth API \(it answered 200\)/,
    ],
    ['a passing server fault', new ArloServerError(context, 503), /could not answer now.*try again later/],
  ])('explains %s in one line', (_name, error, expected) => {
    const explained = explainArloFailure(error, BASE, 'basic');
    expect(explained?.message).toMatch(expected);
    expect(explained?.message).not.toContain('\n');
  });

  it('names the OAuth variables when OAuth 2 is configured', () => {
    expect(explainArloFailure(new ArloUnauthorisedError(context), BASE, 'oauth2')?.message).toMatch(
      /ARLO_OAUTH_CLIENT_ID/,
    );
  });

  it('leaves errors that are not the client’s alone', () => {
    expect(explainArloFailure(new TypeError('bug'), BASE, 'basic')).toBeUndefined();
  });
});
