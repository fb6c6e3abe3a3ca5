/**
 * The push's one read: a GET of the record with `?expand=IntegrationData` besides the expands the diff
 * needs, so one request answers everything the push asks before it writes: is the record suppressed
 * (SuppressIntegration), does it hold our cross-reference, and what differs from the desired state.
 * A 308 answers the survivor's ID instead of following it, so this stays one request.
 *
 * Should the response carry no inline IntegrationData (an Arlo that ignores that expand), the answer
 * says so, and the workflow reads the vendor's IntegrationData with a request of its own: never a guess.
 */
import {
  expandedIntegrationData,
  INTEGRATION_DATA_LINK,
  type IntegrationDataRecord,
} from '../../src/arlo/integration-data';
import type { DesiredState } from '../../src/push/desired-state';
import { expandsFor } from '../../src/push/plan-patch';
import { callArlo } from '../arlo-failure';
import { mergedInto, planFromRecord, type PlannedPatch } from './read-and-plan-patch';
import type { IntegrationDataState } from './read-integration-data';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

export type ReadForPushResult =
  | { readonly kind: 'merged'; readonly survivorId: string }
  | (PlannedPatch & {
      /** Absent when the response did not carry the IntegrationData inline. */
      readonly integration?: IntegrationDataState;
    });

export function createReadRecordForPush(deps: PushActivityDeps) {
  return async function readRecordForPush(
    key: PushRecordKey,
    arloId: string,
    desired: DesiredState,
  ): Promise<ReadForPushResult> {
    const { client, vendorId } = deps.pushPlatform(key.platform);
    return callArlo(async () => {
      try {
        const expand = expandsFor(desired);
        const { entity } = await client.getResource(key.resourceType, arloId, {
          expand: [...expand, INTEGRATION_DATA_LINK],
        });
        // The PATCH keeps the diff's own expands: its selectors never touch IntegrationData.
        const plan = planFromRecord(client, key, entity, desired, expand);
        const inline = expandedIntegrationData(entity, key.resourceType, vendorId);
        return inline.kind === 'expanded' ? { ...plan, integration: stateOf(inline.record) } : plan;
      } catch (error) {
        const survivorId = mergedInto(client, key, arloId, error);
        if (survivorId !== undefined) return { kind: 'merged', survivorId };
        throw error;
      }
    });
  };
}

function stateOf(record: IntegrationDataRecord | undefined): IntegrationDataState {
  if (record === undefined) return { found: false, suppressed: false };
  return {
    found: true,
    suppressed: record.suppressIntegration === true,
    ...(record.externalId !== undefined ? { externalId: record.externalId } : {}),
  };
}
