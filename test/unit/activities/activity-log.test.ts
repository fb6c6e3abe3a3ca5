/** Activity log lines carry the workflow's correlation fields (MockActivityEnvironment: no server). */
import { MockActivityEnvironment } from '@temporalio/testing';

import { activityLog } from '../../../activities/activity-log';
import { capturedLog } from '../../helpers/captured-log';

const capture = () => capturedLog('info', 'activity-log-test');

it('adds workflowId, runId, activity type and attempt inside an activity', async () => {
  const { lines, logger } = capture();
  const env = new MockActivityEnvironment({
    workflowExecution: { workflowId: 'arlo-event:demo.arlo.co:108', runId: 'run-1' },
    activityType: 'fetchAndMirrorEvents',
    attempt: 2,
  });
  await env.run(async () => {
    activityLog(logger).info({ eventId: '108' }, 'inside');
    return Promise.resolve();
  });
  expect(lines[0]).toMatchObject({
    msg: 'inside',
    eventId: '108',
    workflowId: 'arlo-event:demo.arlo.co:108',
    runId: 'run-1',
    activityType: 'fetchAndMirrorEvents',
    attempt: 2,
  });
});

it('returns the logger unchanged outside an activity', () => {
  const { lines, logger } = capture();
  activityLog(logger).info('outside');
  expect(lines[0]).not.toHaveProperty('workflowId');
  expect(lines[0]).toMatchObject({ msg: 'outside' });
});
