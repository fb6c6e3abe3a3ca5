import { ServiceError } from '@temporalio/client';

import {
  MissingSearchAttributeError,
  unmappedSearchAttribute,
  whenSearchAttributesMapped,
} from '../../../src/temporal/search-attribute-readiness';

/** The error `client.schedule.create` throws when the namespace has no mapping (as seen on the lane). */
function unmapped(name: string): ServiceError {
  const grpc = Object.assign(new Error(`3 INVALID_ARGUMENT: no mapping`), {
    code: 3,
    details: `Namespace default has no mapping defined for search attribute ${name}`,
    metadata: {},
  });
  return new ServiceError('Failed to create schedule', { cause: grpc });
}

function unavailable(): Error {
  return Object.assign(new Error('14 UNAVAILABLE'), {
    code: 14,
    details: 'connection refused',
    metadata: {},
  });
}

/** A clock that moves only when the code under test sleeps. */
function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: (ms: number) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
    slept,
  };
}

describe('unmappedSearchAttribute', () => {
  it('names the attribute of an INVALID_ARGUMENT "no mapping" answer, also behind a ServiceError', () => {
    expect(unmappedSearchAttribute(unmapped('ArloPlatform'))).toBe('ArloPlatform');
    expect(unmappedSearchAttribute(unmapped('ArloPlatform').cause)).toBe('ArloPlatform');
  });

  it('is undefined for any other error', () => {
    expect(unmappedSearchAttribute(unavailable())).toBeUndefined();
    expect(
      unmappedSearchAttribute(new Error('has no mapping defined for search attribute X')),
    ).toBeUndefined();
    expect(unmappedSearchAttribute('text')).toBeUndefined();
  });
});

describe('whenSearchAttributesMapped', () => {
  it('runs the step again until the server sees the attribute, and says once that it waits', async () => {
    const time = fakeTime();
    const waiting: string[] = [];
    let attempts = 0;
    const result = await whenSearchAttributesMapped(
      () => {
        attempts += 1;
        return attempts < 4 ? Promise.reject(unmapped('ArloPlatform')) : Promise.resolve('created');
      },
      { namespace: 'default', waitMs: 30_000, onWaiting: (name) => waiting.push(name), ...time },
    );
    expect(result).toBe('created');
    expect(attempts).toBe(4);
    expect(waiting).toEqual(['ArloPlatform']);
    expect(time.slept).toEqual([1_000, 1_000, 1_000]);
  });

  it('gives up after the wait with an error that names the attribute, the namespace and the command', async () => {
    const time = fakeTime();
    const failure = await whenSearchAttributesMapped(() => Promise.reject(unmapped('ArloSyncOutcome')), {
      namespace: 'prod',
      waitMs: 2_500,
      ...time,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MissingSearchAttributeError);
    expect((failure as Error).message).toMatch(
      /^Temporal namespace "prod" has no search attribute ArloSyncOutcome \(still missing after 3 s\): register .*`arlo-sync temporal-setup`/,
    );
    expect(time.slept).toEqual([1_000, 1_000, 500]);
  });

  it('passes any other failure through at once', async () => {
    const time = fakeTime();
    await expect(
      whenSearchAttributesMapped(() => Promise.reject(unavailable()), {
        namespace: 'default',
        waitMs: 30_000,
        ...time,
      }),
    ).rejects.toThrow('14 UNAVAILABLE');
    expect(time.slept).toEqual([]);
  });
});
