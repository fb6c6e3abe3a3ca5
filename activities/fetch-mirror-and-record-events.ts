/**
 * The pull path's work for one batch of events, on the rate-limited Arlo queue (one Arlo request per
 * activity): a re-run's event the ledger already holds is answered from it, the rest are fetched with
 * ONE PlatformEvents query and mirrored, an Arlo user's edit of owned fields is answered, and the batch
 * is recorded: its ledger rows in one insert (which answers, from the ledger, an event recorded before)
 * and the watermark once. Per event that leaves the mirror write alone; the store round trips of the
 * ledger and watermark are shared by the whole batch (ARCHITECTURE.md, "The pull path").
 *
 * Idempotent like each of its steps: a retried batch finds what an attempt recorded in the ledger, a
 * re-fetch loses to nothing newer in the mirror (newest wins), and the ledger keeps its first record.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import type { BatchedEvent, RecordedEventOutcome } from '../src/domain/event-fetch';
import { isEventId, sortableEventId, type EventId } from '../src/domain/event-id';
import { FAILURE_TYPES } from '../src/domain/failure-types';
import { PULL_OUTCOMES, outcomeOfRecordedEvent, type PullOutcome } from '../src/domain/pull-outcomes';
import { recordDuplicateEvent, recordWatermark } from '../src/metrics/worker-metrics';
import { findRecordedEvents, recordProcessedEvents } from '../src/store/processed-events';
import { memoizedPushRecordLookup } from '../src/store/push-record-memo';
import { advanceWatermark } from '../src/store/watermarks';
import { createAnswerArloChange } from './answer-arlo-change';
import type { ActivityDeps } from './deps';
import { createFetchAndMirror, MAX_IDS_PER_QUERY } from './fetch-and-mirror-events';

export interface FetchMirrorAndRecordEventsInput {
  readonly platform: string;
  readonly events: readonly BatchedEvent[];
}

export function createFetchMirrorAndRecordEvents(deps: ActivityDeps) {
  const fetchAndMirror = createFetchAndMirror(deps);
  const answerArloChange = createAnswerArloChange(deps);
  const { db } = deps;

  /** Ledger rows for the batch's finished events; the ledger's first record stands for any it held. */
  const record = async (
    platform: string,
    finished: ReadonlyArray<{ event: BatchedEvent; outcome: PullOutcome }>,
  ): Promise<Map<EventId, PullOutcome>> => {
    const held = await recordProcessedEvents(
      db,
      platform,
      finished.map(({ event, outcome }) => ({
        eventId: event.eventId,
        type: event.type,
        resourceType: event.resourceType,
        resourceId: event.resourceId,
        outcome,
        ...(event.run === undefined ? {} : { recordedByRun: event.run }),
      })),
    );
    // Another attempt recorded these first (a concurrent re-run of the same workflow run on another
    // worker, or a redelivery): the ledger's answer stands.
    const stored = await findRecordedEvents(db, platform, [...held]);
    const answers = new Map<EventId, PullOutcome>();
    for (const { event, outcome } of finished) {
      const first = stored.get(event.eventId);
      answers.set(event.eventId, first ? outcomeOfRecordedEvent(first, event.run) : outcome);
    }
    return answers;
  };

  /** The watermark once for the batch: the highest event ID it recorded. */
  const raiseWatermark = async (platform: string, eventIds: readonly EventId[]) => {
    const highest = eventIds.reduce<EventId | undefined>(
      (top, id) => (top === undefined || sortableEventId(id) > sortableEventId(top) ? id : top),
      undefined,
    );
    if (highest === undefined) return;
    await advanceWatermark(db, platform, highest);
    recordWatermark(platform, highest);
  };

  return async function fetchMirrorAndRecordEvents({
    platform,
    events,
  }: FetchMirrorAndRecordEventsInput): Promise<RecordedEventOutcome[]> {
    const ids = events.map((event) => event.eventId);
    const invalid = ids.find((id) => !isEventId(id));
    if (ids.length === 0 || ids.length > MAX_IDS_PER_QUERY || new Set(ids).size !== ids.length || invalid) {
      throw ApplicationFailure.nonRetryable(
        `fetchMirrorAndRecordEvents needs 1-${MAX_IDS_PER_QUERY} distinct canonical event IDs; got ` +
          `${ids.length}` +
          (invalid !== undefined ? `, including ${JSON.stringify(invalid)}` : ''),
        FAILURE_TYPES.invalidFetchRequest,
      );
    }
    const outcomes = new Map<EventId, RecordedEventOutcome>();
    /** Each of `asked` the ledger holds gets the ledger's answer (one read for them all). */
    const answerFromLedger = async (asked: readonly BatchedEvent[]) => {
      const recorded = await findRecordedEvents(
        db,
        platform,
        asked.map((event) => event.eventId),
      );
      for (const event of asked) {
        const known = recorded.get(event.eventId);
        if (!known) continue;
        const outcome = outcomeOfRecordedEvent(known, event.run);
        if (outcome === PULL_OUTCOMES.duplicate) recordDuplicateEvent(platform);
        outcomes.set(event.eventId, { eventId: event.eventId, status: 'recorded', outcome });
      }
    };
    // Only events that may well be recorded are looked up first (a re-run); a first try almost never
    // is, and the ledger's insert below finds one that is, so the lookup would cost a read per event.
    await answerFromLedger(events.filter((event) => event.firstTry !== true));

    const toFetch = events.filter((event) => !outcomes.has(event.eventId));
    if (toFetch.length > 0) {
      // The mirror write and the owned-field check both ask for each record's push record: read once.
      const lookUpPushRecord = memoizedPushRecordLookup(db);
      const fetched = await fetchAndMirror(
        { platform, eventIds: toFetch.map((e) => e.eventId) },
        lookUpPushRecord,
      );
      const byId = new Map(fetched.outcomes.map((outcome) => [outcome.eventId, outcome]));
      const finished: { event: BatchedEvent; outcome: PullOutcome }[] = [];
      const unfinished: BatchedEvent[] = [];
      for (const event of toFetch) {
        const result = byId.get(event.eventId);
        if (result === undefined || result.status === 'failed') {
          outcomes.set(event.eventId, result ?? missingOutcome(event.eventId));
          if (event.firstTry === true) unfinished.push(event);
          continue;
        }
        if (result.outcome === PULL_OUTCOMES.inserted || result.outcome === PULL_OUTCOMES.updated) {
          // Ours (a push's echo): nothing to do. An owned field edited in Arlo: the conflict policy decides.
          const written = fetched.written.get(event.eventId);
          await answerArloChange(
            {
              platform,
              resourceType: event.resourceType,
              resourceId: event.resourceId,
              ...(written ? { written } : {}),
            },
            lookUpPushRecord,
          );
        }
        finished.push({ event, outcome: result.outcome });
      }
      const answers = await record(platform, finished);
      for (const [eventId, outcome] of answers) {
        if (outcome === PULL_OUTCOMES.duplicate) recordDuplicateEvent(platform);
        outcomes.set(eventId, { eventId, status: 'recorded', outcome });
      }
      await raiseWatermark(platform, [...answers.keys()]);
      // A first try that failed now may have been recorded by a run Temporal forgot: the ledger's answer
      // stands over today's failure (as it would have, had the batch looked first).
      await answerFromLedger(unfinished);
    }
    const answers = ids.map((id) => outcomes.get(id) ?? missingOutcome(id));
    // Recorded: the events waiting in this process need not wait for the batch workflow to complete.
    const batchId = Context.current().info.workflowExecution?.workflowId;
    if (batchId !== undefined) deps.batchOutcomes?.handOver(batchId, answers);
    return answers;
  };
}

function missingOutcome(eventId: EventId): RecordedEventOutcome {
  return {
    eventId,
    status: 'failed',
    failureType: FAILURE_TYPES.missingFetchOutcome,
    message: `the PlatformEvents batch returned no outcome for event ${eventId}`,
  };
}
