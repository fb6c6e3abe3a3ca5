/**
 * Histories recorded under the pull path's previous shapes (test/fixtures/histories): a `processArloEvent`
 * that asked its platform's batcher by signal and waited for the answer, one that recorded an ignored
 * event type, and a generation of `batchPlatformEventFetches`. Today's worker no longer starts these
 * types but keeps them registered, so executions open at an upgrade replay without a nondeterminism
 * error and finish (ARCHITECTURE.md, "The pull path": upgrading). Then the coalescer's shape before
 * batches recorded their events themselves (recorded at f48b7b3): a `syncArloEvent` and a
 * `fetchPlatformEventBatch` whose input has no `events`, which replays the fetch-only activity.
 */
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

import { workflowBundle } from '../helpers/pull-test-env';
import { recordedHistory } from '../helpers/recorded-histories';

let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => (bundle = await workflowBundle()), 120_000);

it.each([
  'process-arlo-event-via-batcher-updated.json',
  'process-arlo-event-via-batcher-ignored.json',
  'batch-platform-event-fetches-generation.json',
  'sync-arlo-event-inserted.json',
  'fetch-platform-event-batch-fetch-only.json',
])('replays %s', async (name) => {
  await Worker.runReplayHistory({ workflowBundle: bundle }, recordedHistory(name));
});
