import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import { bulkPageFrom, bulkPageRequest } from '../../src/arlo';
import { advanceBulkCursor, type BulkCursor } from '../../src/domain/bulk-cursor';
import { BulkCursorError } from '../../src/domain/bulk-order';
import type { BulkPageOutcome, BulkWalkMode } from '../../src/domain/bulk-walk';
import { FAILURE_TYPES } from '../../src/domain/failure-types';
import { recordReconcileRepairs } from '../../src/metrics/worker-metrics';
import { upsertEntities } from '../../src/store/bulk-mirror';
import { callArlo, toTemporalFailure } from '../arlo-failure';
import type { BulkActivityDeps } from './bulk-deps';

export interface MirrorBulkPageInput {
  readonly platform: string;
  readonly cursor: BulkCursor;
  readonly pageSize: number;
  readonly mode: BulkWalkMode;
}

/**
 * One page of a bulk walk: ONE Arlo request (Arlo task queue), the cursor advanced, the new records
 * upserted into the mirror in one bulk write (newest wins, idempotent). Only the next cursor and the
 * counters leave the activity (plus, when reconciling, the repaired IDs: at most one page), so the
 * workflow's history stays small whatever the page holds. A retry re-reads the same page.
 */
export function createMirrorBulkPage({ db, collectionSources }: BulkActivityDeps) {
  return async function mirrorBulkPage(input: MirrorBulkPageInput): Promise<BulkPageOutcome> {
    const { platform, cursor, pageSize, mode } = input;
    const request = pageRequest(cursor, pageSize);
    const type = cursor.resourceType;
    const context = Context.current();
    const signal = context.cancellationSignal;
    const page = await callArlo(() => collectionSources(platform).listPage(type, { ...request, signal }));
    const step = advance(cursor, () => bulkPageFrom(page, pageSize));
    // Heartbeats while writing: a slow store is not a dead worker (the workflow's heartbeat timeout).
    const beat = setInterval(() => context.heartbeat(), 5_000);
    const result = await upsertEntities(db, platform, step.records, {
      source: mode === 'reconcile' ? 'reconcile' : 'bulk',
    }).finally(() => clearInterval(beat));
    const repairedIds = mode === 'reconcile' ? [...result.inserted, ...result.updated] : [];
    // Counted where the repair is written: a retried page finds the records held and repairs nothing.
    recordReconcileRepairs(platform, type, repairedIds.length);
    return {
      cursor: step.cursor,
      counters: {
        received: step.counters.received,
        alreadyReturned: step.counters.alreadyReturned,
        inserted: result.inserted.length,
        updated: result.updated.length,
        notNewer: result.notNewer,
      },
      repairedIds,
      // Where a full load's records begin, for its progress (src/domain/bulk-walk-status.ts).
      ...(step.records[0] !== undefined ? { firstRecordAt: step.records[0].lastModifiedDateTime } : {}),
    };
  };
}

function pageRequest(cursor: BulkCursor, pageSize: number) {
  try {
    const request = bulkPageRequest(cursor, pageSize);
    if (request !== undefined) return request;
  } catch (error) {
    throw ApplicationFailure.nonRetryable(String(error), FAILURE_TYPES.invalidBulkPageRequest);
  }
  throw ApplicationFailure.nonRetryable(
    'the bulk walk is done: there is no page to read',
    FAILURE_TYPES.bulkWalkDone,
  );
}

/**
 * The page as the cursor reads it. A malformed page (items not expanded) and a server that answered
 * outside the query's contract (unordered, outside the filter) fail for good: a retry reads the same.
 */
function advance(cursor: BulkCursor, readPage: () => ReturnType<typeof bulkPageFrom>) {
  try {
    return advanceBulkCursor(cursor, readPage());
  } catch (error) {
    if (error instanceof BulkCursorError) {
      throw ApplicationFailure.nonRetryable(error.message, FAILURE_TYPES.bulkCursorError);
    }
    throw toTemporalFailure(error);
  }
}
