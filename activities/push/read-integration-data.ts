/**
 * One GET of the record's IntegrationData: is it suppressed, and which external ID does it name? A 308
 * (the record was merged away) answers the survivor's ID, so the workflow moves the mapping there.
 */
import { ArloMergedRecordRedirect } from '../../src/arlo/errors';
import { parseResourceHref } from '../../src/arlo/resource-urls';
import { callArlo } from '../arlo-failure';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

export interface IntegrationDataState {
  readonly found: boolean;
  /** SuppressIntegration=true: leave this record alone. */
  readonly suppressed: boolean;
  readonly externalId?: string;
  /** Set when Arlo answered 308: the record was merged into this one. */
  readonly survivorId?: string;
}

export function createReadIntegrationData(deps: PushActivityDeps) {
  return async function readIntegrationData(
    key: PushRecordKey,
    arloId: string,
  ): Promise<IntegrationDataState> {
    const { client, vendorId } = deps.pushPlatform(key.platform);
    return callArlo(async () => {
      try {
        const data = await client.getIntegrationData(key.resourceType, arloId, vendorId);
        return {
          found: true,
          suppressed: data.suppressIntegration === true,
          ...(data.externalId !== undefined ? { externalId: data.externalId } : {}),
        };
      } catch (error) {
        // 404: no IntegrationData for this vendor yet; that is an answer, not a failure.
        if ((error as { status?: number }).status === 404) return { found: false, suppressed: false };
        if (error instanceof ArloMergedRecordRedirect) {
          const survivor = parseResourceHref(client.baseUrl, error.location);
          if (survivor?.resourceType === key.resourceType && survivor.id !== arloId) {
            return { found: false, suppressed: false, survivorId: survivor.id };
          }
        }
        throw error;
      }
    });
  };
}
