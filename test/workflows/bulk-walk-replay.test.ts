/**
 * A segmented bulk walk recorded before the recheck read with one cursor (test/fixtures/histories,
 * recorded at f7cbb9d by test/integration/bulk/bulk-walk-segments.test.ts): its open-ended segment
 * stopped while others ran, and the re-read of that segment was halved again and again. Today's workflow
 * reads a recheck with one cursor behind `patched()`, so this history must replay as it was recorded.
 */
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

import { workflowBundle } from '../helpers/pull-test-env';
import { recordedHistory } from '../helpers/recorded-histories';

let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => (bundle = await workflowBundle()), 120_000);

it('replays a walk whose recheck was split into several ranges', async () => {
  const history = recordedHistory('bulk-walk-recheck-split.json');
  const reopened = history.events.filter((event) =>
    Buffer.from(event.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data ?? []).includes(
      'stoppedAt',
    ),
  );
  // The open-ended segment stopped more than once: its re-read was split (what the patch guards).
  expect(reopened.length).toBeGreaterThan(1);
  await Worker.runReplayHistory({ workflowBundle: bundle }, history);
});
