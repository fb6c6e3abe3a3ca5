/**
 * Histories recorded from the push workflow before its business steps were separated from its queue
 * (test/fixtures/histories/push-record-*.json: a create then an unchanged push and a patch; a record
 * found by CodePrimary with a dry run and three coalesced pushes; a dry run of a record that does not
 * exist; a mapped record deleted in Arlo and made again; a corrective push then a suppressed record; a
 * push failed by an ambiguous CodePrimary), and one recorded since a push reads the record and its
 * IntegrationData in one GET (`push-record-one-read-*`: create, unchanged, patch, dry run, an Arlo that
 * ignored the expand, suppressed). Each replays against today's workflow code without a nondeterminism
 * error, so workflows running when a worker is upgraded carry on.
 */
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

import { workflowBundle } from '../helpers/pull-test-env';
import { recordedHistory, recordedHistoryNames } from '../helpers/recorded-histories';

const histories = recordedHistoryNames('push-record-');
let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => (bundle = await workflowBundle()), 120_000);

it('has the recorded histories to replay', () => {
  expect(histories.length).toBeGreaterThanOrEqual(7);
});

it.each(histories)('replays %s', async (name) => {
  await Worker.runReplayHistory({ workflowBundle: bundle }, recordedHistory(name));
});
