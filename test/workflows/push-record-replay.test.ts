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
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const FIXTURES = path.join(__dirname, '../fixtures/histories');
const histories = readdirSync(FIXTURES).filter((name) => name.startsWith('push-record-'));
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
}, 120_000);

it('has the recorded histories to replay', () => {
  expect(histories.length).toBeGreaterThanOrEqual(7);
});

it.each(histories)('replays %s', async (name) => {
  // The JSON form of `fetchHistory()` (enum names, 64-bit integers as strings, bytes as Base64).
  const history = temporal.api.history.v1.History.fromObject(
    JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>,
  );
  await Worker.runReplayHistory({ workflowBundle }, history);
});
