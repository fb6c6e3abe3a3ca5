import { ApplicationFailure } from '@temporalio/common';

import type { MissedEvent } from '../src/domain/catch-up';
import { compareEventIds, isEventId, maxEventId } from '../src/domain/event-id';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { unprocessedEventIds } from '../src/store/processed-events';
import { callArlo } from './arlo-failure';
import type { ActivityDeps } from './deps';

export interface FindMissedEventsInput {
  readonly platform: string;
  /** Exclusive: the page starts after this ID; absent: at the oldest event Arlo keeps. */
  readonly afterEventId: string | null;
  readonly pageSize: number;
}

export interface MissedEventsPage {
  /** Events of this page that are not in the ledger, in ID order. */
  readonly missed: MissedEvent[];
  readonly eventsSeen: number;
  /** The highest ID of the page: where the next page starts. Null for an empty page. */
  readonly lastEventId: string | null;
  readonly hasMore: boolean;
}

/**
 * One page of the PlatformEvents collection after a given ID, ordered by ID (ONE Arlo request, Arlo task
 * queue), compared with the ledger. Only the missed events and the page's last ID leave the activity.
 */
export function createFindMissedEvents({ db, arloClients }: Pick<ActivityDeps, 'db' | 'arloClients'>) {
  return async function findMissedEvents({
    platform,
    afterEventId,
    pageSize,
  }: FindMissedEventsInput): Promise<MissedEventsPage> {
    const page = await callArlo(() =>
      arloClients(platform).listPlatformEvents({
        ...(afterEventId !== null ? { filter: `ID gt ${afterEventId}` } : {}),
        orderby: 'ID ASC',
        skip: 0,
        top: pageSize,
      }),
    );
    const malformed = page.items.find(
      (item) => !isEventId(item.id) || item.resourceType === '' || item.resourceId === '',
    );
    if (malformed) {
      throw ApplicationFailure.nonRetryable(
        `PlatformEvents page after ${afterEventId ?? 'the start'} holds a malformed event ` +
          `(ID ${JSON.stringify(malformed.id)}, resource ${malformed.resourceType} ${malformed.resourceId})`,
        FAILURE_TYPES.malformedPlatformEvent,
      );
    }
    const items = [...page.items].sort((a, b) => compareEventIds(a.id, b.id));
    const lastEventId = maxEventId(items.map((item) => item.id)) ?? null;
    // A server that ignored the filter would hand back the same page forever: stop, loudly.
    if (afterEventId !== null && lastEventId !== null && compareEventIds(lastEventId, afterEventId) <= 0) {
      throw ApplicationFailure.nonRetryable(
        `PlatformEvents after ${afterEventId} returned nothing newer (highest ${lastEventId}); the filter ` +
          `"ID gt …" was not applied, so the catch-up cannot advance`,
        FAILURE_TYPES.catchUpNotAdvancing,
      );
    }
    const unprocessed = new Set(
      await unprocessedEventIds(
        db,
        platform,
        items.map((item) => item.id),
      ),
    );
    return {
      missed: items
        .filter((item) => unprocessed.has(item.id))
        .map((item) => ({
          id: item.id,
          type: `${item.resourceType}.${item.action}`,
          resourceType: item.resourceType,
          resourceId: item.resourceId,
        })),
      eventsSeen: items.length,
      lastEventId,
      hasMore: page.nextHref !== undefined || items.length >= pageSize,
    };
  };
}
