/**
 * Every workflow the worker registers, re-exported by name. One workflow per file, named for the business
 * process it runs. Workflow code runs in Temporal's deterministic sandbox: see the import rules in
 * ARCHITECTURE.md (enforced by eslint.boundaries.js).
 */
export { syncArloEvent } from './sync-arlo-event';
export { fetchPlatformEventBatch } from './fetch-platform-event-batch';
// The pull path before its per-worker coalescer: registered so executions open at an upgrade finish.
export { processArloEvent } from './process-arlo-event';
export { batchPlatformEventFetches } from './batch-platform-event-fetches';
export { catchUpMissedEvents } from './catch-up-missed-events';
export { pushRecord, pushUpdate } from './push-record';
export { bulkWalk } from './bulk-walk';
export { reconcileChanges } from './reconcile-changes';
export { deliverFeedNotifications } from './deliver-feed-notifications';
export { expireOldChanges } from './expire-old-changes';
