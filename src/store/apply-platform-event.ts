/**
 * Applies one fetched PlatformEvent to the mirror: the resource's current representation is upserted
 * (newest wins), a `Deleted` event leaves a tombstone, and a merge request is mirrored and makes the
 * merged-away record point at the survivor. Every write is idempotent, so a retried batch is harmless.
 */
import type { Db } from 'mongodb';

import { isArloTimestamp } from '../domain/arlo-timestamp';
import { FAILURE_TYPES } from '../domain/failure-types';
import { isMergeRequestType, readMergeParticipants } from '../domain/merge-request';
import { PULL_OUTCOMES, type FetchedEventOutcome } from '../domain/pull-outcomes';
import {
  markMerged,
  tombstoneEntity,
  upsertEntity,
  type MirrorableEntity,
  type UpsertOutcome,
} from './entity-mirror';
import { upsertBatchOfEntities } from './mirror-batch';
import type { PushRecordLookup } from './push-record-memo';

/** A PlatformEvent as the Arlo client parses it (src/arlo's PlatformEventRecord fits it). */
export interface MirrorablePlatformEvent {
  readonly id: string;
  /** `Created`, `Updated` or `Deleted`; any other string from a future Arlo is treated like an update. */
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The resource's current representation; absent when it no longer exists (deleted or merged away). */
  readonly entity?: MirrorableEntity;
}

export type ApplyPlatformEventResult =
  | { readonly outcome: FetchedEventOutcome }
  /** This event's data cannot be mirrored, and fetching it again will not change that. */
  | { readonly rejected: { readonly type: string; readonly message: string } };

export async function applyPlatformEvent(
  db: Db,
  platform: string,
  event: MirrorablePlatformEvent,
): Promise<ApplyPlatformEventResult> {
  if (event.action === 'Deleted') {
    await tombstoneEntity(db, platform, event.resourceType, event.resourceId, { eventId: event.id });
    return { outcome: PULL_OUTCOMES.tombstoned };
  }
  const { entity } = event;
  if (!entity) return { outcome: PULL_OUTCOMES.resourceGone };
  if (!isArloTimestamp(entity.lastModifiedDateTime)) {
    return reject(
      FAILURE_TYPES.malformedEntity,
      `${entity.resourceType} ${entity.id} of event ${event.id} has no valid LastModifiedDateTime ` +
        `(${JSON.stringify(entity.lastModifiedDateTime)}); it cannot be ordered against other versions`,
    );
  }

  const options = { source: 'webhook', eventId: event.id } as const;
  if (!isMergeRequestType(entity.resourceType)) {
    return { outcome: await upsertEntity(db, platform, entity, options) };
  }
  const participants = readMergeParticipants(entity);
  if ('error' in participants)
    return reject(FAILURE_TYPES.malformedMergeRequest, `event ${event.id}: ${participants.error}`);
  await upsertEntity(db, platform, entity, options);
  await markMerged(db, platform, participants.resourceType, participants.sourceId, participants.survivorId);
  return { outcome: PULL_OUTCOMES.merged };
}

function reject(type: string, message: string): ApplyPlatformEventResult {
  return { rejected: { type, message } };
}

/**
 * A batch's events applied as `applyPlatformEvent` applies each, with the plain upserts (a current
 * representation, not a merge request) written together (./mirror-batch.ts): one read (none for a
 * `Created` event's record), one position allocation, one insert, one update and one feed commit for all
 * of them. An event about a record that another event of the batch also touches (a second version, a
 * delete, a merge) is applied on its own afterwards, in the batch's order, so the outcome of each is what
 * it would be one by one.
 */
export async function applyPlatformEvents(
  db: Db,
  platform: string,
  events: readonly MirrorablePlatformEvent[],
  options: { readonly lookUpPushRecord?: PushRecordLookup } = {},
): Promise<ApplyPlatformEventResult[]> {
  const touches = new Map<string, number>();
  const touch = (resourceType: string, id: string) =>
    touches.set(`${resourceType}:${id}`, (touches.get(`${resourceType}:${id}`) ?? 0) + 1);
  for (const event of events) {
    touch(event.resourceType, event.resourceId);
    if (event.entity && event.entity.id !== event.resourceId)
      touch(event.entity.resourceType, event.entity.id);
    if (event.entity && isMergeRequestType(event.entity.resourceType)) {
      const participants = readMergeParticipants(event.entity);
      if (!('error' in participants)) {
        touch(participants.resourceType, participants.sourceId);
        touch(participants.resourceType, participants.survivorId);
      }
    }
  }
  const together = events
    .map((event, index) => ({ event, index }))
    .filter(
      ({ event }) =>
        event.action !== 'Deleted' &&
        event.entity !== undefined &&
        isArloTimestamp(event.entity.lastModifiedDateTime) &&
        !isMergeRequestType(event.entity.resourceType) &&
        event.entity.resourceType === event.resourceType &&
        event.entity.id === event.resourceId &&
        touches.get(`${event.resourceType}:${event.resourceId}`) === 1,
    );
  const results = new Array<ApplyPlatformEventResult | undefined>(events.length);
  const upserted = await upsertBatchOfEntities(
    db,
    platform,
    together.map(({ event }) => ({
      entity: event.entity as MirrorableEntity,
      eventId: event.id,
      created: event.action === 'Created',
    })),
    'webhook',
    options.lookUpPushRecord,
  );
  together.forEach(({ index }, k) => (results[index] = { outcome: upserted[k] as UpsertOutcome }));
  for (const [index, event] of events.entries()) {
    results[index] ??= await applyPlatformEvent(db, platform, event);
  }
  return results as ApplyPlatformEventResult[];
}
