import type { EventId } from './event-id';
import type { PullOutcome } from './pull-outcomes';

/** What the per-event workflow returns (visible as the workflow result in the Temporal Web UI). */
export interface ProcessArloEventResult {
  readonly eventId: EventId;
  readonly outcome: PullOutcome;
}
