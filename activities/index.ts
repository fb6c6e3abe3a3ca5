/**
 * The activities factories: every activity is created here with its dependencies injected, so tests can
 * pass real servers and fake Arlo clients. Activities on the Arlo queue make exactly one Arlo request
 * each (see src/temporal/task-queues.ts); all others go on the main queue. One side effect per file.
 */
import { createAdvanceCatchUpCheckpoint } from './advance-catch-up-checkpoint';
import { createAnswerArloChange } from './answer-arlo-change';
import type { ActivityDeps } from './deps';
import { createFetchAndMirrorEvents } from './fetch-and-mirror-events';
import { createFindMissedEvents } from './find-missed-events';
import { createIsEventProcessed } from './is-event-processed';
import { createMarkEventProcessed } from './mark-event-processed';
import { createReadCatchUpCheckpoint } from './read-catch-up-checkpoint';
import { createRequestEventFetch } from './request-event-fetch';
import { createStartEventWorkflows } from './start-event-workflows';

export type { ActivityDeps } from './deps';
export { createArloClientFactory } from './arlo-clients';
export type { ArloClientFactory, PlatformEventRecord, PlatformEventsSource } from './arlo-port';
export type { AnswerArloChangeInput, ArloChangeAnswer } from './answer-arlo-change';

/** Activities that do not call Arlo (main task queue). */
export function createActivities(deps: ActivityDeps) {
  return {
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
    fetchAndMirrorEvents: createFetchAndMirrorEvents(deps),
    findMissedEvents: createFindMissedEvents(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type ArloActivities = ReturnType<typeof createArloActivities>;
