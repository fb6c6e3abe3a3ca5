/**
 * Types of the missed-event catch-up: a scheduled walk of the PlatformEvents collection (Arlo keeps five
 * days) that starts the normal per-event workflow for every event missing from the ledger, so a callback
 * Arlo gave up on (five failed deliveries) is still processed.
 */
import type { EventId } from './event-id';

export const CATCH_UP_MISSED_EVENTS_WORKFLOW_TYPE = 'catchUpMissedEvents';

export interface CatchUpMissedEventsInput {
  readonly platform: string;
  /** Where the page activity runs: the rate-limited Arlo task queue. */
  readonly arloTaskQueue: string;
  /** Events per PlatformEvents page (one Arlo request each). */
  readonly pageSize: number;
  /** Carried over continue-as-new within one catch-up. */
  readonly progress?: CatchUpProgress;
}

/** One PlatformEvent as the collection lists it, enough to start the per-event workflow. */
export interface MissedEvent {
  readonly id: EventId;
  /** `<ResourceType>.<Action>`, the webhook's spelling, e.g. `Contact.Updated`. */
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
}

export interface CatchUpProgress {
  /** The last event ID walked (exclusive start of the next page); absent: from the oldest Arlo keeps. */
  readonly afterEventId: EventId | undefined;
  readonly pagesRead: number;
  readonly eventsSeen: number;
  readonly missedCount: number;
  /** The first missed IDs, for the result; the count is exact, the list capped. */
  readonly missedEventIds: readonly EventId[];
  readonly started: number;
  readonly alreadyKnown: number;
}

export type CatchUpMissedEventsResult = CatchUpProgress & { readonly platform: string };

/** How many missed IDs a result lists (the count is always exact). */
export const CATCH_UP_LISTED_IDS = 1000;
