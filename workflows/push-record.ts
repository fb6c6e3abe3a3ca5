/**
 * One workflow per pushed record (ID `workflowIds.push(platform, type, externalId)`), fed by
 * update-with-start: concurrent pushes for one record queue here and are applied one batch after another,
 * so two PATCHes never race on one record. A batch's writes are coalesced into their latest desired state
 * and applied once; each caller gets the outcome. The workflow ends after a minute without work; a push
 * that arrives in the same workflow task as that minute's end is served before it ends.
 *
 * The push itself (find → compare → PATCH or create → cross-reference) is in push-steps.ts; the queue's
 * bookkeeping in src/domain/push-queue.ts. The outcome is upserted as a search attribute, so every push
 * shows in the Web UI.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineUpdate,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

import {
  PUSH_UPDATE_NAME,
  type PushOutcome,
  type PushRecordInput,
  type PushRequest,
  type PushTarget,
} from '../src/domain/push-messages';
import { coalesceWrites, PushQueue } from '../src/domain/push-queue';
import { searchAttributes } from '../src/domain/search-attributes';
import { createPushSteps, store } from './push-steps';

export const pushUpdate = defineUpdate<PushOutcome, [PushRequest]>(PUSH_UPDATE_NAME);

const IDLE_BEFORE_CLOSING = '1 minute';

export async function pushRecord(input: PushRecordInput): Promise<PushOutcome | undefined> {
  const target: PushTarget = {
    platform: input.platform,
    resourceType: input.resourceType,
    externalId: input.externalId,
  };
  const queue = new PushQueue();
  setHandler(pushUpdate, async (request) => {
    const seq = queue.enqueue(request);
    await condition(() => queue.isAnswered(seq));
    return queue.takeAnswer(seq);
  });

  const { push } = createPushSteps(target, input.arloTaskQueue);
  const idle = input.idleBeforeClosingMs ?? IDLE_BEFORE_CLOSING;
  let last: PushOutcome | undefined;
  for (;;) {
    while (await condition(() => queue.hasWaiting(), idle)) {
      const batch = queue.takeBatch();
      for (const dryRun of batch.dryRuns) queue.answer([dryRun], await push(dryRun.request));
      if (batch.writes.length > 0) {
        // A corrective push restores the values last pushed, read now and beneath this batch's own
        // values, so it never undoes a newer push.
        const lastPushed = batch.correcting ? await store.loadLastPushed(target) : undefined;
        last = await push(coalesceWrites(batch.writes, lastPushed));
        upsertSearchAttributes([{ key: searchAttributes.outcome, value: last.outcome }]);
        queue.answer(batch.writes, last);
      }
      if (workflowInfo().continueAsNewSuggested && (await closedWithNothingWaiting(queue))) {
        return continueAsNew<typeof pushRecord>(input);
      }
    }
    if (await closedWithNothingWaiting(queue)) return last;
  }
}

/**
 * Waits until every update handler has returned its answer, and says whether the queue is still empty
 * then. A push can arrive in the very workflow task that ends the idle wait (or asks to continue as
 * new): its handler then waits for an answer only the loop can give, so the loop must go on serving it
 * instead of closing (which would leave the caller without an answer and the push never applied).
 */
async function closedWithNothingWaiting(queue: PushQueue): Promise<boolean> {
  await condition(() => allHandlersFinished() || queue.hasWaiting());
  return !queue.hasWaiting();
}
