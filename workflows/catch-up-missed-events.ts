/**
 * Closes the gaps webhooks leave (callbacks Arlo gave up on after five failures, outages): walks the
 * PlatformEvents collection, which Arlo keeps five days, from the platform's checkpoint in ID order, and
 * starts the normal per-event workflow for every event the ledger lacks, with the receiver's workflow IDs
 * and policies, so an event that also arrives by webhook is processed once. Run by a Temporal Schedule
 * per platform (src/temporal/schedules.ts).
 */
import {
  continueAsNew,
  log,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';

import type { Activities, ArloActivities } from '../activities';
import {
  CATCH_UP_LISTED_IDS,
  type CatchUpMissedEventsInput,
  type CatchUpMissedEventsResult,
  type CatchUpProgress,
} from '../src/domain/catch-up';
import { searchAttributes } from '../src/domain/search-attributes';

/** MongoDB and Temporal calls: short, retried until they succeed. */
const { readCatchUpCheckpoint, advanceCatchUpCheckpoint, startEventWorkflows } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** One Arlo request per page; transient errors and 429s retried, permanent ones fail the run visibly. */
const PAGE_CONTRACT = {
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '30 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
} satisfies ActivityOptions;

/** About 10 history events per page: continue-as-new well before the history gets large. */
const MAX_PAGES_PER_RUN = 200;

export async function catchUpMissedEvents(
  input: CatchUpMissedEventsInput,
): Promise<CatchUpMissedEventsResult> {
  const { platform, pageSize } = input;
  // Set by the schedule too; repeated so every run of a continue-as-new chain is findable by platform.
  upsertSearchAttributes([{ key: searchAttributes.platform, value: platform }]);
  const { findMissedEvents } = proxyActivities<ArloActivities>({
    ...PAGE_CONTRACT,
    taskQueue: input.arloTaskQueue,
  });

  let progress: CatchUpProgress = input.progress ?? {
    afterEventId: (await readCatchUpCheckpoint({ platform })) ?? undefined,
    pagesRead: 0,
    eventsSeen: 0,
    missedCount: 0,
    missedEventIds: [],
    started: 0,
    alreadyKnown: 0,
  };

  for (let pagesThisRun = 0; ; pagesThisRun++) {
    if (pagesThisRun >= MAX_PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof catchUpMissedEvents>({ ...input, progress });
    }
    const page = await findMissedEvents({ platform, afterEventId: progress.afterEventId ?? null, pageSize });
    let started = 0;
    let alreadyKnown = 0;
    if (page.missed.length > 0) {
      ({ started, alreadyKnown } = await startEventWorkflows({ platform, events: page.missed }));
      log.info('missed events found', { platform, eventIds: page.missed.map((e) => e.id) });
    }
    // Only after the page's events are held by Temporal: a crash before this re-reads the page.
    if (page.lastEventId !== null) await advanceCatchUpCheckpoint({ platform, eventId: page.lastEventId });
    progress = {
      afterEventId: page.lastEventId ?? progress.afterEventId,
      pagesRead: progress.pagesRead + 1,
      eventsSeen: progress.eventsSeen + page.eventsSeen,
      missedCount: progress.missedCount + page.missed.length,
      missedEventIds: [...progress.missedEventIds, ...page.missed.map((e) => e.id)].slice(
        0,
        CATCH_UP_LISTED_IDS,
      ),
      started: progress.started + started,
      alreadyKnown: progress.alreadyKnown + alreadyKnown,
    };
    if (!page.hasMore) break;
  }

  log.info('catch-up finished', {
    platform,
    eventsSeen: progress.eventsSeen,
    missed: progress.missedCount,
    checkpoint: progress.afterEventId,
  });
  return { platform, ...progress };
}
