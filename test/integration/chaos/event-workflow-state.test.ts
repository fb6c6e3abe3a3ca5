/**
 * The chaos report's line on an unprocessed event: what the real Temporal server knows of its workflow.
 */
import type { Client } from '@temporalio/client';

import { describeEventWorkflow } from '../../../src/chaos/event-workflow-state';
import { startProcessEventWorkflow } from '../../../src/temporal/process-event-start';
import { webhookEvent } from '../../helpers/pull-test-env';
import { testClient, uniqueName } from '../../helpers/test-stack';

let client: Client;
beforeAll(async () => (client = await testClient()));
afterAll(async () => client.connection.close());

describe('describeEventWorkflow', () => {
  it('says when no workflow was ever started for the event', async () => {
    const platform = `${uniqueName('never')}.arlo.test`;
    expect(await describeEventWorkflow(client, platform, '42')).toBe(
      `no workflow arlo-event:${platform}:42 was ever started`,
    );
  });

  it("gives a started workflow's status and how its history ends", async () => {
    const platform = `${uniqueName('waiting')}.arlo.test`;
    // No worker polls this task queue: the workflow waits on its first workflow task.
    await startProcessEventWorkflow(client, uniqueName('no-worker'), {
      platform,
      event: webhookEvent('43', '7'),
      receivedAt: new Date().toISOString(),
    });
    try {
      expect(await describeEventWorkflow(client, platform, '43')).toMatch(
        new RegExp(
          `^workflow arlo-event:${platform.replace(/\./g, '\\.')}:43 RUNNING, started \\S+Z, ` +
            '2 history events, ending WORKFLOW_EXECUTION_STARTED → WORKFLOW_TASK_SCHEDULED$',
        ),
      );
    } finally {
      await client.workflow.getHandle(`arlo-event:${platform}:43`).terminate('test done');
    }
  });
});
