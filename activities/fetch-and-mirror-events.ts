import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import type { EventFetchOutcome } from '../src/domain/event-fetch';
import { isEventId } from '../src/domain/event-id';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { PULL_OUTCOMES } from '../src/domain/pull-outcomes';
import { recordFetchBatch, recordMirrorWrite } from '../src/metrics/worker-metrics';
import { applyPlatformEvents } from '../src/store/apply-platform-event';
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

/**
 * ONE PlatformEvents query for a batch of event IDs (Arlo task queue: one request per activity), then
 * each event applied to the mirror. Returns only small per-event outcomes: entity payloads never enter
 * workflow history. An event whose data cannot be mirrored fails alone; the others still succeed.
 */
export function createFetchAndMirrorEvents({
  db,
  arloClients,
  logger,
}: Pick<ActivityDeps, 'db' | 'arloClients' | 'logger'>) {
  return async function fetchAndMirrorEvents({
    platform,
    eventIds,
  }: FetchAndMirrorEventsInput): Promise<EventFetchOutcome[]> {
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
      (await applyPlatformEvents(db, platform, found)).map((result, index) => [
        (found[index] as PlatformEventRecord).id,
        result,
      ]),
    );
    // A busy store makes the writes slow, not the worker dead (the fetch contract's heartbeat timeout).
    Context.current().heartbeat();
    const outcomes: EventFetchOutcome[] = ids.map((eventId) => {
      const result = applied.get(eventId);
      const record = byId.get(eventId);
      if (!result || !record) return { eventId, status: 'fetched', outcome: PULL_OUTCOMES.eventNotFound };
      if ('outcome' in result) {
        recordMirrorWrite(platform, record.resourceType, result.outcome);
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
    return outcomes;
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
