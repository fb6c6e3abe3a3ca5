/**
 * The activities factories: every activity is created here with its dependencies injected, so tests can
 * pass real servers and fake Arlo clients. Activities on the Arlo queue make exactly one Arlo request
 * each (see src/temporal/task-queues.ts); all others go on the main queue. One side effect per file.
 */
import { createAdvanceCatchUpCheckpoint } from './advance-catch-up-checkpoint';
import { createAnswerArloChange } from './answer-arlo-change';
import type { ActivityDeps } from './deps';
import { createFetchAndMirrorEvents } from './fetch-and-mirror-events';
import { createFetchMirrorAndRecordEvents } from './fetch-mirror-and-record-events';
import { createFindMissedEvents } from './find-missed-events';
import { createIsEventProcessed } from './is-event-processed';
import { createMarkEventProcessed } from './mark-event-processed';
import { createReadCatchUpCheckpoint } from './read-catch-up-checkpoint';
import { createRequestEventFetch } from './request-event-fetch';
import { createStartEventWorkflows } from './start-event-workflows';
import { createFetchMirrorAndRecordEvent } from './fetch-mirror-and-record-event';

export type { ActivityDeps } from './deps';
export { createArloClientFactory } from './arlo-clients';
export type { ArloClientFactory, PlatformEventRecord, PlatformEventsSource } from './arlo-port';
export type { AnswerArloChangeInput, ArloChangeAnswer } from './answer-arlo-change';
export type {
  FetchMirrorAndRecordEventAnswer,
  FetchMirrorAndRecordEventInput,
} from './fetch-mirror-and-record-event';

/** Activities that do not call Arlo (main task queue). */
export function createActivities(deps: ActivityDeps) {
  return {
    fetchMirrorAndRecordEvent: createFetchMirrorAndRecordEvent(deps),
    // The steps of the per-event workflow before `fetchMirrorAndRecordEvent` did them all in one: kept for
    // processArloEvent executions still open at an upgrade (workflows/process-arlo-event.ts).
    isEventProcessed: createIsEventProcessed(deps),
    markEventProcessed: createMarkEventProcessed(deps),
    requestEventFetch: createRequestEventFetch(deps),
    readCatchUpCheckpoint: createReadCatchUpCheckpoint(deps),
    advanceCatchUpCheckpoint: createAdvanceCatchUpCheckpoint(deps),
    startEventWorkflows: createStartEventWorkflows(deps),
    answerArloChange: createAnswerArloChange(deps),
  };
}

/** Activities that make exactly one Arlo request each (rate-limited Arlo task queue). */
export function createArloActivities(deps: ActivityDeps) {
  return {
    fetchMirrorAndRecordEvents: createFetchMirrorAndRecordEvents(deps),
    // Fetch-only, its events recorded by their workflows: for batches and batchers started before
    // fetchMirrorAndRecordEvents recorded them itself, still open at an upgrade.
    fetchAndMirrorEvents: createFetchAndMirrorEvents(deps),
    findMissedEvents: createFindMissedEvents(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type ArloActivities = ReturnType<typeof createArloActivities>;
