import { ApplicationFailure } from '@temporalio/common';

import { callArlo, toTemporalFailure } from '../../../activities/arlo-failure';
import { FakeArloError } from '../../helpers/fake-platform-events';

describe('toTemporalFailure', () => {
  it('makes a 429 retryable after exactly the Retry-After Arlo asked for', () => {
    const failure = toTemporalFailure(
      new FakeArloError('ArloRateLimitedError', 'slow down', 429, true, 60_000),
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'ArloRateLimitedError',
      nonRetryable: false,
      nextRetryDelay: 60_000,
    });
  });

  it('leaves other retryable errors as they are, so the retry policy backs off', () => {
    const error = new FakeArloError('ArloServerError', 'Arlo answered 503', 503, true);
    expect(toTemporalFailure(error)).toBe(error);
  });

  it('makes permanent errors non-retryable, typed by the error class, message and status kept', () => {
    const failure = toTemporalFailure(
      new FakeArloError('ArloUnauthorisedError', 'check credentials', 401, false),
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'ArloUnauthorisedError',
      message: 'check credentials',
      nonRetryable: true,
      details: [{ status: 401, retryAfterMs: null }],
    });
  });

  it('leaves errors that do not come from the Arlo client alone', () => {
    const error = new Error('MongoNetworkError');
    expect(toTemporalFailure(error)).toBe(error);
    expect(toTemporalFailure('a string')).toBe('a string');
  });

  it('maps what callArlo’s request throws, and passes its result through', async () => {
    await expect(callArlo(() => Promise.resolve(7))).resolves.toBe(7);
    await expect(
      callArlo(() => Promise.reject(new FakeArloError('ArloMalformedResponseError', 'bad XML', 200, false))),
    ).rejects.toMatchObject({ type: 'ArloMalformedResponseError', nonRetryable: true });
  });
});
