/**
 * One GET of the record with the expands the diff needs, then the (pure) plan: which owned fields differ
 * and the diff document for them. A 308 answers the survivor's ID instead of following it, so this stays
 * one request; the workflow reads the survivor next and moves the mapping. Pushes recorded before
 * read-record-for-push.ts existed still call this one (after a GET of the IntegrationData).
 */
import type { ArloEntity } from '../../src/arlo/entities';
import { ArloMergedRecordRedirect } from '../../src/arlo/errors';
import { buildPatchDiff } from '../../src/arlo/patch-diff';
import { parseResourceHref } from '../../src/arlo/resource-urls';
import type { DesiredState } from '../../src/push/desired-state';
import { expandsFor, planPatch } from '../../src/push/plan-patch';
import { callArlo } from '../arlo-failure';
import type { PushActivityDeps, PushArloClient, PushRecordKey } from './push-deps';

export interface PlannedPatch {
  readonly kind: 'planned';
  /** Absent when nothing differs: send no PATCH. */
  readonly diff?: string;
  readonly changedFields: readonly string[];
  readonly lastModifiedDateTime: string;
  /** The `?expand=` the diff's selectors need, to send with the PATCH. */
  readonly expand: readonly string[];
}

export type ReadAndPlanResult = { readonly kind: 'merged'; readonly survivorId: string } | PlannedPatch;

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
        return planFromRecord(client, key, entity, desired, expand);
      } catch (error) {
        const survivorId = mergedInto(client, key, arloId, error);
        if (survivorId !== undefined) return { kind: 'merged', survivorId };
        throw error;
      }
    });
  };
}

export function planFromRecord(
  client: PushArloClient,
  key: PushRecordKey,
  entity: ArloEntity,
  desired: DesiredState,
  expand: readonly string[],
): PlannedPatch {
  const plan = planPatch(key.resourceType, entity, desired, { baseUrl: client.baseUrl });
  return {
    kind: 'planned',
    ...(plan.operations.length > 0 ? { diff: buildPatchDiff(plan.operations) } : {}),
    changedFields: plan.changedFields,
    lastModifiedDateTime: entity.lastModifiedDateTime,
    expand,
  };
}

/** The survivor's ID when the error is Arlo's 308 to another record of the same type, else undefined. */
export function mergedInto(
  client: PushArloClient,
  key: PushRecordKey,
  arloId: string,
  error: unknown,
): string | undefined {
  if (!(error instanceof ArloMergedRecordRedirect)) return undefined;
  const survivor = parseResourceHref(client.baseUrl, error.location);
  return survivor?.resourceType === key.resourceType && survivor.id !== arloId ? survivor.id : undefined;
}
