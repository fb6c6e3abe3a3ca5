/**
 * The narrow part of the Arlo client (src/arlo/) the pull-path activities use, so tests can inject a
 * fake that records its calls; the real client fits it (activities/arlo-clients.ts). Each method is
 * exactly ONE HTTP request: the Arlo task queue's rate limit counts activities, not requests. Errors are
 * src/arlo's ArloError classes (activities/arlo-failure.ts maps them).
 */
import type { MirrorablePlatformEvent } from '../src/store/apply-platform-event';

/** src/arlo's PlatformEventRecord: ID as a 64-bit-safe string, the entity absent when the resource is gone. */
export type PlatformEventRecord = MirrorablePlatformEvent;

export interface PlatformEventsQuery {
  readonly filter?: string;
  readonly orderby?: string;
  readonly skip?: number;
  readonly top?: number;
}

export interface PlatformEventsPage {
  readonly items: readonly PlatformEventRecord[];
  readonly nextHref?: string;
}

export interface PlatformEventsSource {
  /** `platformevents/query/?ids=…&expand=PlatformEvent,PlatformEvent/Link`: the events and their resources. */
  queryPlatformEvents(ids: string[]): Promise<readonly PlatformEventRecord[]>;
  /** `platformevents/?filter=…&orderby=…&skip=…&top=…`: one page of the collection (kept five days). */
  listPlatformEvents(query: PlatformEventsQuery): Promise<PlatformEventsPage>;
}

/** The client for one configured platform (by its name, as in `ProcessArloEventInput.platform`). */
export type ArloClientFactory = (platform: string) => PlatformEventsSource;
