/** One PUT of the record's IntegrationData: our vendor ID, the external ID, the deep link back. */
import { callArlo } from '../arlo-failure';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

export function createWriteIntegrationData(deps: PushActivityDeps) {
  return async function writeIntegrationData(
    key: PushRecordKey,
    arloId: string,
    deepLink: string | undefined,
  ): Promise<void> {
    const { client, vendorId } = deps.pushPlatform(key.platform);
    await callArlo(() =>
      client.putIntegrationData(key.resourceType, arloId, vendorId, {
        suppressIntegration: false,
        externalId: key.externalId,
        ...(deepLink !== undefined ? { uri: deepLink } : {}),
      }),
    );
  };
}
