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
import { findEntity } from '../src/store/entity-mirror';
import { classifyArloChange, type ArloChangeKind } from '../src/push/classify-arlo-change';
import { loadOwnership } from '../src/push/field-ownership';
import { startCorrectivePush } from '../src/push/push-client';
import type { ActivityDeps } from './deps';

export interface AnswerArloChangeInput {
  readonly platform: string;
  readonly resourceType: string;
  readonly resourceId: string;
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
  return async function answerArloChange(input: AnswerArloChangeInput): Promise<ArloChangeAnswer> {
    const type = PUSH_RESOURCE_TYPES.find((t) => t === input.resourceType);
    if (type === undefined) return { kind: 'external-change' };
    const mirrored = await findEntity(deps.db, input.platform, type, input.resourceId);
    if (!mirrored || mirrored.deleted) return { kind: 'external-change' };
    const entity: ArloEntity = {
      resourceType: type,
      id: mirrored.resourceId,
      lastModifiedDateTime: mirrored.lastModifiedDateTime,
      fields: mirrored.fields,
      links: mirrored.links,
      related: mirrored.related as ArloEntity['related'],
      nested: (mirrored.nested ?? {}) as ArloEntity['nested'],
    };
    const change = await classifyArloChange(deps.db, input.platform, entity);
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
