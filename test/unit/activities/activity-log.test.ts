/** Activity log lines carry the workflow's correlation fields (MockActivityEnvironment: no server). */
import { Writable } from 'node:stream';

import { MockActivityEnvironment } from '@temporalio/testing';

import { activityLog } from '../../../activities/activity-log';
import { createLogger } from '../../../src/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('info', 'activity-log-test', stream) };
}

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
