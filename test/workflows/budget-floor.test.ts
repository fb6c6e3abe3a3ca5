/**
 * The budget floor of `bench --only pull-floor` (src/bench/budget-floor-workflow.ts) on the real
 * Temporal server: the floor's one workflow per event, plus the pull path's batching and nothing else.
 * It must keep the pull path's shape (one batch workflow per complete callback, on the rate-limited
 * queue, answering every event) or the benchmark would compare the pull path with something else.
 */
import { temporal } from '@temporalio/proto';

import { runBudgetFloorWorkers } from '../../src/bench/budget-floor';
import { FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE } from '../../src/domain/event-fetch';
import type { ProcessArloEventInput } from '../../src/domain/process-event-input';
import { connectWorkerConnection, temporalTarget } from '../../src/temporal/connection';
import { webhookEvent } from '../helpers/pull-test-env';
import { testClient, testConfig, uniqueName } from '../helpers/test-stack';

const { EventType } = temporal.api.enums.v1;

it('answers a 10-event callback with ONE batch workflow on the batch queue, each event in 6 history events', async () => {
  const config = testConfig();
  const client = await testClient(config);
  const connection = await connectWorkerConnection(temporalTarget(config));
  const taskQueue = uniqueName('budget-floor');
  const workers = await runBudgetFloorWorkers({ connection, client, config, taskQueue });
  const { batchQueue } = workers;
  try {
    const callback = { id: uniqueName('callback'), events: 10 };
    const ids = Array.from({ length: 10 }, (_, i) => uniqueName(`event-${i}`));
    const handles = await Promise.all(
      ids.map((id, i) =>
        client.workflow.start('syncArloEvent', {
          taskQueue,
          workflowId: id,
          args: [
            {
              platform: 'bench.arlo.test',
              event: webhookEvent(id, String(500 + i)),
              receivedAt: new Date().toISOString(),
              callback,
            } satisfies ProcessArloEventInput,
          ],
        }),
      ),
    );
    expect(await Promise.all(handles.map((handle) => handle.result()))).toEqual(ids);

    const batches = [];
    const query = `TaskQueue = '${batchQueue}' AND WorkflowType = '${FETCH_PLATFORM_EVENT_BATCH_WORKFLOW_TYPE}'`;
    for await (const batch of client.workflow.list({ query })) batches.push(batch);
    expect(batches).toHaveLength(1);
    const batch = client.workflow.getHandle(batches[0]?.workflowId ?? '');
    await batch.result();
    const batchHistory = await batch.fetchHistory();
    const scheduled = (batchHistory.events ?? []).filter(
      (e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    );
    expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes?.taskQueue?.name)).toEqual([
      batchQueue,
    ]);

    // Started, three workflow-task events, the local activity's marker, completed: the floor's six.
    for (const handle of handles) {
      const history = await handle.fetchHistory();
      expect(history.events?.length).toBe(6);
    }
  } finally {
    await workers.stop();
    await connection.close();
    await client.connection.close();
  }
});
