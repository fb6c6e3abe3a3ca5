/**
 * Histories recorded under the pull path's previous shapes (test/fixtures/histories): a `processArloEvent`
 * that asked its platform's batcher by signal and waited for the answer, one that recorded an ignored
 * event type, and a generation of `batchPlatformEventFetches`. Today's worker no longer starts these
 * types but keeps them registered, so executions open at an upgrade replay without a nondeterminism
 * error and finish (ARCHITECTURE.md, "The pull path": upgrading). Then the coalescer's shape before
 * batches recorded their events themselves (recorded at f48b7b3): a `syncArloEvent` and a
 * `fetchPlatformEventBatch` whose input has no `events`, which replays the fetch-only activity.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const FIXTURES = path.join(__dirname, '../fixtures/histories');
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
}, 120_000);

it.each([
  'process-arlo-event-via-batcher-updated.json',
  'process-arlo-event-via-batcher-ignored.json',
  'batch-platform-event-fetches-generation.json',
  'sync-arlo-event-inserted.json',
  'fetch-platform-event-batch-fetch-only.json',
])('replays %s', async (name) => {
  // The JSON form of `fetchHistory()` (enum names, 64-bit integers as strings, bytes as Base64).
  const history = temporal.api.history.v1.History.fromObject(
    JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>,
  );
  await Worker.runReplayHistory({ workflowBundle }, history);
});
