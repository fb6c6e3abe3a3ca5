/**
 * What processing one webhook event did, as recorded in the ledger (`processed_events.outcome`) and in
 * the `ArloSyncOutcome` search attribute, so an operator can find e.g. every event whose resource was
 * gone by the time it was fetched.
 */
export const PULL_OUTCOMES = {
  /** The mirror had no record; now it has the event's resource. */
  inserted: 'inserted',
  /** The mirror held an older representation and now holds the fetched one. */
  updated: 'updated',
  /** The mirror already held exactly this representation (e.g. an earlier event fetched it). */
  unchanged: 'unchanged',
  /** The mirror held a newer representation or a tombstone: the fetched one was older and dropped. */
  stale: 'stale',
  /** A `Deleted` event: the mirror keeps a tombstone that no older representation can resurrect. */
  tombstoned: 'tombstoned',
  /** A merge request: mirrored, and the merged-away record points at the record that survived. */
  merged: 'merged',
  /** Arlo does not know the event (older than its 5-day retention, or never existed). */
  eventNotFound: 'event-not-found',
  /** Arlo knows the event but its resource has no current representation (deleted or merged since). */
  resourceGone: 'resource-gone',
  /** An event type arlo-sync does not handle: recorded and acknowledged, nothing fetched. */
  ignored: 'ignored',
  /** Already in the ledger: a redelivery or replay, nothing done again. */
  duplicate: 'duplicate',
} as const;

export type PullOutcome = (typeof PULL_OUTCOMES)[keyof typeof PULL_OUTCOMES];

/** The outcomes a fetch of the event's resource can have (the rest are decided without Arlo). */
export type FetchedEventOutcome = Exclude<PullOutcome, 'ignored' | 'duplicate'>;

const KNOWN_OUTCOMES: ReadonlySet<string> = new Set(Object.values(PULL_OUTCOMES));

/** Whether a stored outcome (the ledger's `outcome` field) is one this version knows. */
export function isPullOutcome(value: string): value is PullOutcome {
  return KNOWN_OUTCOMES.has(value);
}

/**
 * The answer for an event the ledger already holds. The run that recorded it gets the recorded outcome:
 * that run's workflow task timed out after the record (a busy worker), and this is its re-run. Any other
 * run is a redelivery or a replay: `duplicate`.
 */
export function outcomeOfRecordedEvent(
  recorded: { readonly outcome: string; readonly recordedByRun?: string },
  run: string | undefined,
): PullOutcome {
  return run !== undefined && recorded.recordedByRun === run && isPullOutcome(recorded.outcome)
    ? recorded.outcome
    : PULL_OUTCOMES.duplicate;
}
