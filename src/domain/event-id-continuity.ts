/**
 * Event IDs only ever go up on a platform. When the ledger already holds an ID above the newest event the
 * platform still has, the platform's IDs went back (a reset platform, a restored backup, a demo platform
 * started afresh): every new event with an ID the ledger holds is taken for a redelivery and dropped,
 * silently. The worker (at start) and `arlo-sync doctor` compare the two and say so.
 */
import { compareEventIds, type EventId } from './event-id';

export interface EventIdRegression {
  readonly platform: string;
  /** The highest event ID the ledger holds for the platform. */
  readonly ledgerHighest: EventId;
  /** The newest event the platform still lists. */
  readonly platformNewest: EventId;
}

/**
 * A regression when the ledger is ahead of the platform; undefined when it is not, or when either side
 * has nothing to compare (a platform quiet for longer than its 5-day event retention lists no events).
 */
export function findEventIdRegression(
  platform: string,
  ledgerHighest: EventId | undefined,
  platformNewest: EventId | undefined,
): EventIdRegression | undefined {
  if (ledgerHighest === undefined || platformNewest === undefined) return undefined;
  return compareEventIds(ledgerHighest, platformNewest) > 0
    ? { platform, ledgerHighest, platformNewest }
    : undefined;
}

export function describeEventIdRegression(regression: EventIdRegression): string {
  return (
    `event IDs went back on ${regression.platform}: the ledger holds event ${regression.ledgerHighest}, ` +
    `but the newest event the platform lists is ${regression.platformNewest}; new events up to ` +
    `${regression.ledgerHighest} will be taken for ones already processed and dropped`
  );
}

export function eventIdRegressionFix(regression: EventIdRegression): string {
  return (
    `if ${regression.platform} was reset on purpose, remove its documents from processed_events, ` +
    'watermarks and catch_up_checkpoints (or use a fresh MONGODB_DATABASE), then run a bulk load ' +
    '(`arlo-sync bulk start --type all`); for the demo platform of `npm start`, stop it and delete the data folder'
  );
}
