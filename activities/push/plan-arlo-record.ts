/**
 * The POST body a new record would be created with, for a dry run: the same body createArloRecord sends,
 * and no request. An activity, not workflow code, because the body names the platform's URLs (an
 * employment's Organisation href) and is built by the Arlo client's writers.
 */
import type { DesiredState } from '../../src/push/desired-state';
import { toTemporalFailure } from '../arlo-failure';
import { createBody } from './create-arlo-record';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

export function createPlanArloRecord(deps: PushActivityDeps) {
  return async function planArloRecord(key: PushRecordKey, desired: DesiredState): Promise<string> {
    const { client } = deps.pushPlatform(key.platform);
    try {
      return await Promise.resolve(createBody(key.resourceType, desired, client.baseUrl));
    } catch (error) {
      throw toTemporalFailure(error);
    }
  };
}
