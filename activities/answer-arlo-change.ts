/**
 * After an event's record is mirrored: was the change ours, or did an Arlo user edit a field the external
 * system owns? (keeping-an-external-system-in-sync.txt, "Avoiding update loops" and "Determining source
 * of truth".) The webhook our own PATCH caused is recognised by its LastModifiedDateTime in the push
 * record and answered with nothing; an owned-field edit is answered by the conflict policy: under
 * `external-wins` one corrective push of the values last pushed, queued in the record's push workflow.
 * Reads MongoDB and starts (or feeds) a workflow; never calls Arlo.
 */
import type { ArloEntity } from '../src/arlo/entities';
import { PUSH_RESOURCE_TYPES } from '../src/domain/push-messages';
import { findEntity, type MirrorableEntity } from '../src/store/entity-mirror';
import { classifyArloChange, type ArloChangeKind } from '../src/push/classify-arlo-change';
import { loadOwnership } from '../src/push/field-ownership';
import { startCorrectivePush } from '../src/push/push-client';
import type { PushRecordLookup } from '../src/store/push-record-memo';
import type { ActivityDeps } from './deps';

export interface AnswerArloChangeInput {
  readonly platform: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /**
   * The version of the record the caller just wrote to the mirror (inserted or updated, so the mirror
   * holds exactly it), when it has it at hand: then the mirror is not read again. Absent in the
   * activity's own calls (workflows/process-arlo-event.ts), which read what the mirror holds.
   */
  readonly written?: MirrorableEntity;
}

export interface ArloChangeAnswer {
  readonly kind: ArloChangeKind;
  /** Under `external-wins`: the push workflow that will restore the owned fields. */
  readonly correctivePush?: string;
  readonly conflictingFields?: readonly string[];
}

export function createAnswerArloChange(deps: Pick<ActivityDeps, 'db' | 'client' | 'config' | 'logger'>) {
  // Read once at worker start: an invalid ownership file stops the worker with one line per problem.
  const { conflictPolicy } = loadOwnership(deps.config.push.ownershipFile);
  /** The record as the mirror holds it now; undefined when it holds none, or a tombstone. */
  const mirroredVersion = async (
    platform: string,
    type: string,
    id: string,
  ): Promise<MirrorableEntity | undefined> => {
    const mirrored = await findEntity(deps.db, platform, type, id);
    if (!mirrored || mirrored.deleted) return undefined;
    return { ...mirrored, id: mirrored.resourceId };
  };

  /** `lookUpPushRecord`: how to find the record's push record (a batch passes the reads it shares). */
  return async function answerArloChange(
    input: AnswerArloChangeInput,
    lookUpPushRecord?: PushRecordLookup,
  ): Promise<ArloChangeAnswer> {
    const type = PUSH_RESOURCE_TYPES.find((t) => t === input.resourceType);
    if (type === undefined) return { kind: 'external-change' };
    const { written } = input;
    const version =
      written && written.resourceType === type && written.id === input.resourceId
        ? written
        : await mirroredVersion(input.platform, type, input.resourceId);
    if (!version) return { kind: 'external-change' };
    const entity: ArloEntity = {
      resourceType: type,
      id: version.id,
      lastModifiedDateTime: version.lastModifiedDateTime,
      fields: version.fields,
      links: version.links,
      related: version.related as ArloEntity['related'],
      nested: (version.nested ?? {}) as ArloEntity['nested'],
    };
    const change = await classifyArloChange(deps.db, input.platform, entity, lookUpPushRecord);
    if (change.kind !== 'conflict-on-owned-fields' || change.externalId === undefined) {
      return { kind: change.kind };
    }
    const conflict = { kind: change.kind, conflictingFields: change.conflictingFields ?? [] };
    deps.logger.info({ ...input, ...conflict, conflictPolicy }, 'an Arlo user edited owned fields');
    if (conflictPolicy !== 'external-wins') return conflict;
    const target = {
      platform: input.platform,
      resourceType: type,
      externalId: change.externalId,
    };
    const { workflowId } = await startCorrectivePush(deps.client, deps.config, target);
    return { ...conflict, correctivePush: workflowId };
  };
}
