/**
 * A hostile Arlo end to end (see test/helpers/pull-e2e.ts, every part real): every GET answers an
 * entity-expansion bomb. The event's workflow must end FAILED with the typed, non-retryable failure
 * (`ArloMalformedResponseError`, visible in Temporal), nothing reaches the mirror or the ledger, and
 * the worker's metrics count the Arlo requests that were made.
 */
import { ApplicationFailure, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';

import { workflowIds } from '../../../src/domain/workflow-ids';
import { workerRegistry } from '../../../src/metrics/worker-metrics';
import { collections } from '../../../src/store/collections';
import { startPullE2E, type PullE2E } from '../../helpers/pull-e2e';

jest.setTimeout(180_000);

let e2e: PullE2E | undefined;
afterAll(async () => {
  await e2e?.close();
});

/** The execution exists once the receiver has started it (the webhook may still be on its way). */
async function waitForExecution(workflowId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await e2e!.client.workflow.getHandle(workflowId).describe();
      return;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

it('an entity bomb from Arlo fails the event workflow with a typed, non-retryable failure', async () => {
  e2e = await startPullE2E({ knobs: { hostile: { kind: 'entity-expansion', remaining: null } } });
  await e2e.sim.control.seed({ counts: { Organisation: 1, Contact: 2 } });
  const { edits } = await e2e.sim.control.userEdits(1);
  const eventId = edits[0]?.eventId;
  expect(eventId).toBeDefined();
  const workflowId = workflowIds.processEvent(e2e.platform, eventId!);
  await waitForExecution(workflowId);

  const error = await e2e.client.workflow
    .getHandle(workflowId)
    .result()
    .then(
      () => undefined,
      (failure: unknown) => failure,
    );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe('ArloMalformedResponseError');
  expect((cause as ApplicationFailure).message).toMatch(/DOCTYPE or ENTITY/);
  expect((cause as ApplicationFailure).message).not.toMatch(/lollol/);
  expect((await e2e.client.workflow.getHandle(workflowId).describe()).status.name).toBe('FAILED');

  const { entities, processedEvents } = collections(e2e.mongo.db);
  expect(await entities.countDocuments({ platform: e2e.platform })).toBe(0);
  expect(await processedEvents.countDocuments({ platform: e2e.platform, eventId })).toBe(0);

  // Counted once, in the Arlo client's hook: the query was answered 200 (with a body we refused).
  const requests = await workerRegistry.getSingleMetric('arlo_sync_arlo_requests_total')?.get();
  const query = requests?.values.find(
    (v) => v.labels.platform === e2e!.platform && v.labels.endpoint === 'platformevents/query/',
  );
  expect(query?.labels.status).toBe('200');
  expect(query?.value).toBeGreaterThanOrEqual(1);
});
