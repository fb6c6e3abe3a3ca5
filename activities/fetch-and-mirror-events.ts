import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import type { EventFetchOutcome } from '../src/domain/event-fetch';
import { isEventId } from '../src/domain/event-id';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { PULL_OUTCOMES } from '../src/domain/pull-outcomes';
import { recordFetchBatch, recordMirrorWrite } from '../src/metrics/worker-metrics';
import { applyPlatformEvents } from '../src/store/apply-platform-event';
import type { MirrorableEntity } from '../src/store/entity-mirror';
import type { PushRecordLookup } from '../src/store/push-record-memo';
import { activityLog } from './activity-log';
import { callArlo } from './arlo-failure';
import type { PlatformEventRecord } from './arlo-port';
import type { ActivityDeps } from './deps';

export interface FetchAndMirrorEventsInput {
  readonly platform: string;
  readonly eventIds: readonly string[];
}

/** Arlo's documented callback size is 10; the simulator takes up to 250 (ARLO_EVENT_QUERY_BATCH_SIZE). */
export const MAX_IDS_PER_QUERY = 250;

export interface FetchedAndMirrored {
  readonly outcomes: EventFetchOutcome[];
  /** The version each event's record was written in, by event ID (events whose write landed). */
  readonly written: ReadonlyMap<string, MirrorableEntity>;
}

/**
 * ONE PlatformEvents query for a batch of event IDs (Arlo task queue: one request per activity), then
 * each event applied to the mirror. The activity returns only small per-event outcomes: entity payloads
 * never enter workflow history. An event whose data cannot be mirrored fails alone; the others still
 * succeed.
 */
export function createFetchAndMirrorEvents(deps: Pick<ActivityDeps, 'db' | 'arloClients' | 'logger'>) {
  const fetchAndMirror = createFetchAndMirror(deps);
  return async function fetchAndMirrorEvents(input: FetchAndMirrorEventsInput): Promise<EventFetchOutcome[]> {
    return (await fetchAndMirror(input)).outcomes;
  };
}

/**
 * The work of `fetchAndMirrorEvents`, for a caller in the same activity that goes on with the versions
 * it wrote (activities/fetch-mirror-and-record-events.ts). `lookUpPushRecord` finds push records for
 * the change feed's origins (a batch shares its reads with the steps after the write).
 */
export function createFetchAndMirror({
  db,
  arloClients,
  logger,
}: Pick<ActivityDeps, 'db' | 'arloClients' | 'logger'>) {
  return async function fetchAndMirror(
    { platform, eventIds }: FetchAndMirrorEventsInput,
    lookUpPushRecord?: PushRecordLookup,
  ): Promise<FetchedAndMirrored> {
    const ids = [...new Set(eventIds)];
    const invalid = ids.find((id) => !isEventId(id));
    if (ids.length === 0 || ids.length > MAX_IDS_PER_QUERY || invalid !== undefined) {
      throw ApplicationFailure.nonRetryable(
        `fetchAndMirrorEvents needs 1-${MAX_IDS_PER_QUERY} canonical event IDs; got ${ids.length}` +
          (invalid !== undefined ? `, including ${JSON.stringify(invalid)}` : ''),
        FAILURE_TYPES.invalidFetchRequest,
      );
    }
    const log = activityLog(logger).child({ platform });
    const source = arloClients(platform);
    recordFetchBatch(platform, ids.length);
    const records = await callArlo(() => source.queryPlatformEvents(ids));
    const byId = new Map<string, PlatformEventRecord>(records.map((record) => [record.id, record]));

    // The batch's plain upserts are written together; repeats of one record, deletes and merges one by
    // one in the batch's order (the mirror's newest-wins write is only atomic per document on MongoDB,
    // and not at all on FerretDB).
    const found = ids.flatMap((eventId) => {
      const record = byId.get(eventId);
      return record ? [record] : [];
    });
    const applied = new Map(
      (await applyPlatformEvents(db, platform, found, { lookUpPushRecord })).map((result, index) => [
        (found[index] as PlatformEventRecord).id,
        result,
      ]),
    );
    // A busy store makes the writes slow, not the worker dead (the fetch contract's heartbeat timeout).
    Context.current().heartbeat();
    const written = new Map<string, MirrorableEntity>();
    const outcomes: EventFetchOutcome[] = ids.map((eventId) => {
      const result = applied.get(eventId);
      const record = byId.get(eventId);
      if (!result || !record) return { eventId, status: 'fetched', outcome: PULL_OUTCOMES.eventNotFound };
      if ('outcome' in result) {
        recordMirrorWrite(platform, record.resourceType, result.outcome);
        const landed = result.outcome === PULL_OUTCOMES.inserted || result.outcome === PULL_OUTCOMES.updated;
        if (landed && record.entity) written.set(eventId, record.entity);
        return { eventId, status: 'fetched', outcome: result.outcome };
      }
      log.warn({ eventId, failureType: result.rejected.type }, 'event could not be mirrored');
      return {
        eventId,
        status: 'failed',
        failureType: result.rejected.type,
        message: result.rejected.message,
      };
    });
    log.debug(
      { events: ids.length, returned: records.length, outcomes: countBy(outcomes) },
      'PlatformEvents batch mirrored',
    );
    return { outcomes, written };
  };
}

function countBy(outcomes: readonly EventFetchOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.status === 'fetched' ? o.outcome : `failed:${o.failureType}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
