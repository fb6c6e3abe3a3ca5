import { ApplicationFailure } from '@temporalio/common';

import { callArlo, toTemporalFailure } from '../../../activities/arlo-failure';
import {
  ArloMalformedResponseError,
  ArloRateLimitedError,
  ArloServerError,
  ArloUnauthorisedError,
} from '../../../src/arlo';
import { integrationDataBody } from '../../../src/arlo/resource-writers';
import { FAILURE_TYPES } from '../../../src/domain/failure-types';

const request = {
  method: 'GET',
  url: 'https://demo.arlo.co/api/2012-02-01/auth/resources/platformevents/query/',
};

describe('toTemporalFailure', () => {
  it('makes a 429 retryable after exactly the Retry-After Arlo asked for', () => {
    const failure = toTemporalFailure(new ArloRateLimitedError(request, 60_000));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'ArloRateLimitedError',
      nonRetryable: false,
      nextRetryDelay: 60_000,
    });
  });

  it('leaves other retryable errors as they are, so the retry policy backs off', () => {
    const error = new ArloServerError(request, 503);
    expect(toTemporalFailure(error)).toBe(error);
  });

  it('makes permanent errors non-retryable, typed by the error class, message and status kept', () => {
    const failure = toTemporalFailure(new ArloUnauthorisedError(request));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'ArloUnauthorisedError',
      nonRetryable: true,
      details: [{ status: 401, retryAfterMs: null }],
    });
    expect((failure as ApplicationFailure).message).toMatch(
      /401 Unauthorized: check the platform credentials/,
    );
  });

  it('makes a body XML cannot hold non-retryable: the same values fail the same way every time', async () => {
    // What writeIntegrationData met with the external ID "ü\u202e\nX\u0000Y": retried ten times before.
    const failure = await callArlo(() =>
      Promise.resolve(integrationDataBody('Contact', 'arlo-sync', { externalId: 'ü\u202e\nX\u0000Y' })),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FAILURE_TYPES.unwritableXml, nonRetryable: true });
    expect((failure as ApplicationFailure).message).toMatch(/U\+0000, which XML 1\.0 cannot represent/);
  });

  it('leaves errors that do not come from the Arlo client alone', () => {
    const error = new Error('MongoNetworkError');
    expect(toTemporalFailure(error)).toBe(error);
    expect(toTemporalFailure('a string')).toBe('a string');
  });

  it('maps what callArlo’s request throws, and passes its result through', async () => {
    await expect(callArlo(() => Promise.resolve(7))).resolves.toBe(7);
    await expect(
      callArlo(() => Promise.reject(new ArloMalformedResponseError(request, 200, 'not XML'))),
    ).rejects.toMatchObject({ type: 'ArloMalformedResponseError', nonRetryable: true });
  });
});
