/**
 * Walks one Arlo collection of one platform into the mirror, page by page, with the cursor of
 * src/domain/bulk-cursor.ts: for first-time setup, full re-imports (mode `bulk`) and changed-since
 * audits (mode `reconcile`, which reports what it repaired). One activity per page on the rate-limited
 * Arlo queue; only the cursor and counters enter history, and the walk continues-as-new with them when
 * Temporal suggests it, so it survives any crash and any length: a restarted worker re-reads at most
 * the pages that were in flight, one per segment (`segments`: time ranges read at once).
 *
 * Operators: the progress query, the memo (updated every few pages) and the ArloPlatform /
 * ArloResourceType search attributes in the Web UI; pause, resume and cancel by signal.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';

import type { BulkArloActivities } from '../activities/bulk';
import { startBulkCursor, type BulkCursor } from '../src/domain/bulk-cursor';
import {
  BULK_WALK_MEMO_KEY,
  BULK_WALK_QUERIES,
  BULK_WALK_SIGNALS,
  addBulkPage,
  bulkSegments,
  initialBulkProgress,
  splitBulkWalk,
  type BulkPageOutcome,
  type BulkWalkInput,
  type BulkWalkProgress,
  type BulkWalkResult,
} from '../src/domain/bulk-walk';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { searchAttributes } from '../src/domain/search-attributes';

export const pauseBulkWalkSignal = defineSignal(BULK_WALK_SIGNALS.pause);
export const resumeBulkWalkSignal = defineSignal(BULK_WALK_SIGNALS.resume);
export const cancelBulkWalkSignal = defineSignal(BULK_WALK_SIGNALS.cancel);
export const bulkWalkProgressQuery = defineQuery<BulkWalkProgress>(BULK_WALK_QUERIES.progress);

/**
 * One Arlo request + one bulk upsert. Transient errors are retried with backoff, a 429 after its
 * Retry-After (activities/arlo-failure.ts); no attempt limit and no schedule-to-close timeout, so a
 * storm of 429s or an Arlo outage slows the walk instead of failing it. Permanent errors (401, malformed
 * answers, a server ignoring the filter) are non-retryable and fail the walk with their type.
 */
const PAGE_CONTRACT = {
  startToCloseTimeout: '10 minutes',
  // The activity heartbeats while it writes: a worker that died mid-page is noticed within a minute.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes' },
} satisfies ActivityOptions;

/**
 * Walks recorded before the recheck read with one cursor halved its range again and again, each half an
 * empty page; their histories replay that way.
 */
const RECHECK_WITH_ONE_CURSOR = 'bulk-recheck-with-one-cursor';

/** About 8 history events per page: continue-as-new well before Temporal's suggestion at worst. */
const MAX_PAGES_PER_RUN = 1000;
/** The memo is a history event too: refresh it every few pages, not every page. */
const MEMO_EVERY_PAGES = 5;

export async function bulkWalk(input: BulkWalkInput): Promise<BulkWalkResult> {
  const { platform, resourceType, pageSize } = input;
  upsertSearchAttributes([
    { key: searchAttributes.platform, value: platform },
    { key: searchAttributes.resourceType, value: resourceType },
  ]);
  const { mirrorBulkPage } = proxyActivities<BulkArloActivities>({
    ...PAGE_CONTRACT,
    taskQueue: input.arloTaskQueue,
  });

  const now = () => new Date(Date.now());
  let progress =
    input.progress === undefined
      ? initialBulkProgress(input, firstCursor(input), now())
      : { ...input.progress, runs: input.progress.runs + 1 };
  let cancelRequested = false;

  setHandler(bulkWalkProgressQuery, () => progress);
  setHandler(pauseBulkWalkSignal, () => {
    if (progress.status === 'running') progress = { ...progress, status: 'paused' };
  });
  setHandler(resumeBulkWalkSignal, () => {
    if (progress.status === 'paused') progress = { ...progress, status: 'running' };
  });
  setHandler(cancelBulkWalkSignal, () => {
    cancelRequested = true;
  });
  const publish = () => upsertMemo({ [BULK_WALK_MEMO_KEY]: progress });
  publish();

  // One page in flight per segment; a segment's next page starts when its last one is mirrored.
  const inFlight = new Map<number, Promise<void>>();
  const readPage = (segment: number, cursor: BulkCursor) =>
    mirrorBulkPage({ platform, cursor, pageSize, mode: input.mode }).then((page: BulkPageOutcome) => {
      inFlight.delete(segment);
      progress = addBulkPage(progress, page, now(), segment);
      if (page.repairedIds.length > 0) {
        log.info('records webhooks had missed, repaired', { platform, resourceType, ids: page.repairedIds });
      }
      if (progress.pages % MEMO_EVERY_PAGES === 0) publish();
    });
  const settle = async () => {
    await Promise.all(inFlight.values());
  };

  const firstPage = progress.pages;
  while (progress.status !== 'done') {
    if (progress.status === 'paused') {
      await settle();
      publish();
      await condition(() => progress.status !== 'paused' || cancelRequested);
    }
    if (cancelRequested) {
      await settle();
      progress = { ...progress, status: 'cancelled', updatedAt: now().toISOString() };
      break;
    }
    if (progress.pages - firstPage >= MAX_PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await settle();
      // Signals that arrived meanwhile are applied to `progress` before it is carried over.
      await condition(allHandlersFinished);
      publish();
      return continueAsNew<typeof bulkWalk>({ ...input, progress });
    }
    // Keep the segments busy: halve the widest that has no page in flight (once the walk has a position).
    // The recheck reads with one cursor: past the last record, only records updated meanwhile can lie.
    const segments = progress.rechecking && patched(RECHECK_WITH_ONE_CURSOR) ? 1 : (input.segments ?? 1);
    progress = splitBulkWalk(progress, segments, new Set(inFlight.keys()));
    bulkSegments(progress).forEach((cursor, segment) => {
      if (cursor.phase !== 'done' && !inFlight.has(segment)) inFlight.set(segment, readPage(segment, cursor));
    });
    // A failed page fails the walk (its error is already typed: see PAGE_CONTRACT).
    if (inFlight.size > 0) await Promise.race(inFlight.values());
  }

  publish();
  await condition(allHandlersFinished);
  log.info('bulk walk finished', {
    platform,
    resourceType,
    mode: input.mode,
    status: progress.status,
    pages: progress.pages,
    records: progress.counters.received - progress.counters.alreadyReturned,
    repaired: progress.repairedCount,
  });
  return progress;
}

/** A bad `since` fails the walk at once with its reason (a plain Error would retry the task forever). */
function firstCursor(input: BulkWalkInput): BulkCursor {
  try {
    return startBulkCursor(input.resourceType, input.since !== undefined ? { since: input.since } : {});
  } catch (error) {
    throw ApplicationFailure.nonRetryable(String(error), FAILURE_TYPES.invalidBulkWalkInput);
  }
}
