/**
 * A segmented bulk walk recorded before the recheck read with one cursor (test/fixtures/histories,
 * recorded at f7cbb9d by test/integration/bulk/bulk-walk-segments.test.ts): its open-ended segment
 * stopped while others ran, and the re-read of that segment was halved again and again. Today's workflow
 * reads a recheck with one cursor behind `patched()`, so this history must replay as it was recorded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const FIXTURE = path.join(__dirname, '../fixtures/histories/bulk-walk-recheck-split.json');
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
}, 120_000);

it('replays a walk whose recheck was split into several ranges', async () => {
  // The JSON form of `fetchHistory()` (enum names, 64-bit integers as strings, bytes as Base64).
  const history = temporal.api.history.v1.History.fromObject(
    JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>,
  );
  const reopened = history.events.filter((event) =>
    Buffer.from(event.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data ?? []).includes(
      'stoppedAt',
    ),
  );
  // The open-ended segment stopped more than once: its re-read was split (what the patch guards).
  expect(reopened.length).toBeGreaterThan(1);
  await Worker.runReplayHistory({ workflowBundle }, history);
});
