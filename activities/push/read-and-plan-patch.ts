/**
 * One GET of the record with the expands the diff needs, then the (pure) plan: which owned fields differ
 * and the diff document for them. A 308 answers the survivor's ID instead of following it, so this stays
 * one request; the workflow reads the survivor next and moves the mapping.
 */
import { ArloMergedRecordRedirect } from '../../src/arlo/errors';
import { buildPatchDiff } from '../../src/arlo/patch-diff';
import { parseResourceHref } from '../../src/arlo/resource-urls';
import type { DesiredState } from '../../src/push/desired-state';
import { expandsFor, planPatch } from '../../src/push/plan-patch';
import { callArlo } from '../arlo-failure';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

export type ReadAndPlanResult =
  | { readonly kind: 'merged'; readonly survivorId: string }
  | {
      readonly kind: 'planned';
      /** Absent when nothing differs: send no PATCH. */
      readonly diff?: string;
      readonly changedFields: readonly string[];
      readonly lastModifiedDateTime: string;
      /** The `?expand=` of the GET, to send with the PATCH. */
      readonly expand: readonly string[];
    };

export function createReadAndPlanPatch(deps: PushActivityDeps) {
  return async function readAndPlanPatch(
    key: PushRecordKey,
    arloId: string,
    desired: DesiredState,
  ): Promise<ReadAndPlanResult> {
    const { client } = deps.pushPlatform(key.platform);
    return callArlo(async () => {
      try {
        const expand = expandsFor(desired);
        const { entity } = await client.getResource(key.resourceType, arloId, { expand });
        const plan = planPatch(key.resourceType, entity, desired, { baseUrl: client.baseUrl });
        return {
          kind: 'planned',
          ...(plan.operations.length > 0 ? { diff: buildPatchDiff(plan.operations) } : {}),
          changedFields: plan.changedFields,
          lastModifiedDateTime: entity.lastModifiedDateTime,
          expand,
        };
      } catch (error) {
        if (error instanceof ArloMergedRecordRedirect) {
          const survivor = parseResourceHref(client.baseUrl, error.location);
          if (survivor?.resourceType === key.resourceType && survivor.id !== arloId) {
            return { kind: 'merged', survivorId: survivor.id };
          }
        }
        throw error;
      }
    });
  };
}
