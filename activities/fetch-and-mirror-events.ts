import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import type { EventFetchOutcome } from '../src/domain/event-fetch';
import { isEventId } from '../src/domain/event-id';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { PULL_OUTCOMES } from '../src/domain/pull-outcomes';
import { recordFetchBatch, recordMirrorWrite } from '../src/metrics/worker-metrics';
import { applyPlatformEvent } from '../src/store/apply-platform-event';
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

    const outcomes: EventFetchOutcome[] = [];
    // A busy store makes the writes slow, not the worker dead (the batcher's heartbeat timeout).
    const context = Context.current();
    // One at a time: one batch may hold several events about the same record, and the mirror's
    // newest-wins write is only atomic per document on MongoDB (not at all on FerretDB).
    for (const eventId of ids) {
      const record = byId.get(eventId);
      if (!record) {
        outcomes.push({ eventId, status: 'fetched', outcome: PULL_OUTCOMES.eventNotFound });
        continue;
      }
      const applied = await applyPlatformEvent(db, platform, record);
      context.heartbeat();
      if ('outcome' in applied) recordMirrorWrite(platform, record.resourceType, applied.outcome);
      else log.warn({ eventId, failureType: applied.rejected.type }, 'event could not be mirrored');
      outcomes.push(
        'outcome' in applied
          ? { eventId, status: 'fetched', outcome: applied.outcome }
          : {
              eventId,
              status: 'failed',
              failureType: applied.rejected.type,
              message: applied.rejected.message,
            },
      );
    }
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
