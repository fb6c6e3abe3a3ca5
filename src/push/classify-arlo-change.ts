/**
 * The pull side's question after mirroring an entity: did we cause this change? Contract:
 * - `conflict-on-owned-fields`: a field the external system owns no longer holds the value we last
 *   pushed: an Arlo user edited an owned field. The conflict policy decides (`startCorrectivePush` sends
 *   one corrective PATCH under `external-wins`). Checked first, even for a version we wrote: a user's
 *   edit that our PATCH of other fields carried along would otherwise never be answered. (A version
 *   mirrored before our push recorded its values looks like a conflict too; the corrective push then
 *   finds nothing to change, so it costs reads, never a PATCH.)
 * - `own-write`: its LastModifiedDateTime is one our push recorded (the webhook our PATCH/POST caused):
 *   mirror it, push nothing;
 * - `external-change`: anything else (a record we never pushed, or an edit of Arlo-owned fields only).
 * Only parts present in the entity are compared, so an entity fetched without `?expand=Employment`
 * never looks like a conflict about Employment.
 */
import type { Db } from 'mongodb';

import type { ArloEntity } from '../arlo/entities';
import { normaliseArloTimestamp } from '../domain/arlo-timestamp';
import { pushRecordLookup, type PushRecordLookup } from '../store/push-record-memo';

import type { DesiredState } from './desired-state';
import { PUSH_RESOURCE_TYPES, type PushResourceType } from './field-ownership';
import { planPatch } from './plan-patch';

export type ArloChangeKind = 'own-write' | 'external-change' | 'conflict-on-owned-fields';

export interface ArloChangeClassification {
  readonly kind: ArloChangeKind;
  /** For a conflict: the external ID to push again, and the owned fields that differ. */
  readonly externalId?: string;
  readonly conflictingFields?: readonly string[];
}

export async function classifyArloChange(
  db: Db,
  platform: string,
  entity: ArloEntity,
  lookUpPushRecord: PushRecordLookup = pushRecordLookup(db),
): Promise<ArloChangeClassification> {
  const type = entity.resourceType;
  if (!(PUSH_RESOURCE_TYPES as readonly string[]).includes(type)) return { kind: 'external-change' };
  const record = await lookUpPushRecord(platform, type, entity.id);
  if (record === null) return { kind: 'external-change' };
  if (record.lastPushed !== undefined) {
    const comparable = comparableParts(record.lastPushed, entity);
    // The base URL only shapes hrefs of planned operations; the comparison needs none.
    const plan = planPatch(type as PushResourceType, entity, comparable, { baseUrl: '' });
    if (plan.changedFields.length > 0) {
      return {
        kind: 'conflict-on-owned-fields',
        externalId: record.externalId,
        conflictingFields: plan.changedFields,
      };
    }
  }
  return (record.ownWrites ?? []).includes(normaliseArloTimestamp(entity.lastModifiedDateTime))
    ? { kind: 'own-write', externalId: record.externalId }
    : { kind: 'external-change', externalId: record.externalId };
}

function comparableParts(pushed: DesiredState, entity: ArloEntity): DesiredState {
  const has = (title: string) => entity.related[title] !== undefined;
  return {
    fields: pushed.fields,
    ...(pushed.employment && has('Employment') ? { employment: pushed.employment } : {}),
    ...(pushed.postalAddress && has('PostalAddress') ? { postalAddress: pushed.postalAddress } : {}),
    ...(pushed.customFields && has('CustomFields') ? { customFields: pushed.customFields } : {}),
  };
}
