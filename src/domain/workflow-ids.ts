import type { EventId } from './event-id';

/**
 * Workflow IDs are business keys, so that starting the same work twice finds the running (or finished)
 * execution instead of doing it again. Every ID is scoped by platform, because one deployment may serve
 * several Arlo platforms whose event and resource IDs overlap.
 */
export const workflowIds = {
  processEvent: (platform: string, eventId: EventId) => `arlo-event:${platform}:${eventId}`,
  bulkWalk: (platform: string, resourceType: string) => `arlo-bulk:${platform}:${resourceType}`,
  push: (platform: string, resourceType: string, externalId: string) =>
    `arlo-push:${platform}:${resourceType}:${externalId}`,
  catchUp: (platform: string) => `arlo-catch-up:${platform}`,
  /**
   * One per platform and generation (a window of time, see src/domain/event-fetch.ts): the workflow that
   * turns many events' fetches into few PlatformEvents queries.
   */
  fetchBatcher: (platform: string, generation: number) => `arlo-fetch-batcher:${platform}:${generation}`,
  /** One coalesced PlatformEvents query (random: a batch is not a business key, a re-run may repeat it). */
  fetchBatch: (platform: string, batchId: string) => `arlo-fetch-batch:${platform}:${batchId}`,
  reconcile: (platform: string) => `arlo-reconcile:${platform}`,
} as const;
