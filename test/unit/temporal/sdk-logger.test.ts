import { ApplicationFailure } from '@temporalio/common';

import { sdkLogger } from '../../../src/temporal/sdk-logger';
import { capturedLog } from '../../helpers/captured-log';

function capture() {
  const { lines, logger } = capturedLog('debug');
  return { lines, logger: sdkLogger(logger) };
}

describe('sdkLogger', () => {
  it("keeps a failure's type, message and cause in the JSON line, which JSON.stringify of an Error drops", () => {
    const { lines, logger } = capture();
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:8080');
    const failure = ApplicationFailure.create({
      type: 'FeedDeliveryFailed',
      message: 'cannot reach the consumer: ECONNREFUSED',
      cause,
    });
    logger.warn('Activity failed', { activityType: 'deliverFeedBatch', error: failure });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'Activity failed',
        activityType: 'deliverFeedBatch',
        error: {
          type: 'FeedDeliveryFailed',
          message: 'cannot reach the consumer: ECONNREFUSED',
          nonRetryable: false,
          cause: 'Error: connect ECONNREFUSED 127.0.0.1:8080',
        },
      }),
    ]);
  });

  it('names a plain Error by its name, and passes other metadata through', () => {
    const { lines, logger } = capture();
    logger.error('Workflow task failed', { workflowId: 'w', error: new TypeError('x is not a function') });
    expect(lines[0]).toMatchObject({
      level: 50,
      workflowId: 'w',
      error: { type: 'TypeError', message: 'x is not a function' },
    });
  });

  it("turns the SDK's housekeeping notices to debug", () => {
    const { lines, logger } = capture();
    logger.warn('No activities registered, not polling for activity tasks');
    expect(lines[0]).toMatchObject({ level: 20 });
  });
});
