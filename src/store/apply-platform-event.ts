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
import { markMerged, tombstoneEntity, upsertEntity, type MirrorableEntity } from './entity-mirror';

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
