/**
 * The typed way to push: every entry point (HTTP endpoint, CLI, the pull side's corrective push) goes
 * through here. Update-with-start on the record's push workflow: it starts the workflow if none runs and
 * queues the request in it otherwise, so pushes for one record are serialised.
 */
import {
  isGrpcDeadlineError,
  WithStartWorkflowOperation,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type Workflow,
} from '@temporalio/client';

import type { Config } from '../config';
import {
  PUSH_UPDATE_NAME,
  PUSH_WORKFLOW_TYPE,
  type PushOutcome,
  type PushRecordInput,
  type PushRequest,
  type PushTarget,
} from '../domain/push-messages';
import { searchAttributes } from '../domain/search-attributes';
import { workflowIds } from '../domain/workflow-ids';

import { unwritableStrings } from './push-text';

export type PushCall = PushTarget & PushRequest;

function startOperation(config: Pick<Config, 'temporal'>, call: PushCall) {
  const input: PushRecordInput = {
    platform: call.platform,
    resourceType: call.resourceType,
    externalId: call.externalId,
    arloTaskQueue: config.temporal.arloTaskQueue,
  };
  return new WithStartWorkflowOperation(PUSH_WORKFLOW_TYPE, {
    workflowId: workflowIds.push(call.platform, call.resourceType, call.externalId),
    taskQueue: config.temporal.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: searchAttributes.platform, value: call.platform },
      { key: searchAttributes.resourceType, value: call.resourceType },
      { key: searchAttributes.externalId, value: call.externalId },
    ],
  });
}

/** Thrown before anything starts when a push holds text XML cannot carry (see push-text.ts). */
export class UnwritablePushError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the push cannot be written to Arlo:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'UnwritablePushError';
  }
}

function requestOf(call: PushCall): PushRequest {
  const problems = unwritableStrings(call);
  if (problems.length > 0) throw new UnwritablePushError(problems);
  return {
    desired: call.desired,
    ...(call.dryRun !== undefined ? { dryRun: call.dryRun } : {}),
    ...(call.deepLink !== undefined ? { deepLink: call.deepLink } : {}),
    ...(call.reason !== undefined ? { reason: call.reason } : {}),
  };
}

/** Push and wait for the outcome (created, patched, unchanged, skipped, planned or failed). */
export async function pushToArlo(
  client: Client,
  config: Pick<Config, 'temporal'>,
  call: PushCall,
): Promise<PushOutcome> {
  return client.workflow.executeUpdateWithStart<Workflow, PushOutcome, [PushRequest]>(PUSH_UPDATE_NAME, {
    args: [requestOf(call)],
    startWorkflowOperation: startOperation(config, call),
  });
}

/** A push waited for up to a deadline: its outcome, or the workflow that is still working on it. */
export type WaitedPush =
  | { readonly finished: true; readonly outcome: PushOutcome }
  | { readonly finished: false; readonly workflowId: string };

/** Temporal did not take the push before the deadline; nothing says it will. Sending it again is safe. */
export class PushNotAcceptedError extends Error {
  constructor(
    readonly workflowId: string,
    waitMs: number,
  ) {
    super(`Temporal did not accept the push for ${workflowId} within ${waitMs} ms`);
    this.name = 'PushNotAcceptedError';
  }
}

function isDeadline(error: unknown): boolean {
  return error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error);
}

/**
 * Push and wait at most `waitMs` for the outcome. The push is queued in its workflow first (accepted);
 * if it then has not finished by the deadline (Arlo slow or failing and being retried, a long queue of
 * pushes for the record), the answer is the workflow ID and the push carries on there. A client never
 * waits longer than it asked, and the workflow, not the caller, decides when a push is done.
 */
export async function pushWithin(
  client: Client,
  config: Pick<Config, 'temporal'>,
  call: PushCall,
  waitMs: number,
): Promise<WaitedPush> {
  const deadline = Date.now() + waitMs;
  const workflowId = workflowIds.push(call.platform, call.resourceType, call.externalId);
  let update;
  try {
    update = await client.withDeadline(deadline, () =>
      client.workflow.startUpdateWithStart<Workflow, PushOutcome, [PushRequest]>(PUSH_UPDATE_NAME, {
        args: [requestOf(call)],
        waitForStage: 'ACCEPTED',
        startWorkflowOperation: startOperation(config, call),
      }),
    );
  } catch (error) {
    if (isDeadline(error)) throw new PushNotAcceptedError(workflowId, waitMs);
    throw error;
  }
  try {
    return { finished: true, outcome: await client.withDeadline(deadline, () => update.result()) };
  } catch (error) {
    if (isDeadline(error)) return { finished: false, workflowId };
    throw error;
  }
}

/** Push without waiting: answers once the workflow has accepted the request. */
export async function submitPush(
  client: Client,
  config: Pick<Config, 'temporal'>,
  call: PushCall,
): Promise<{ workflowId: string }> {
  const operation = startOperation(config, call);
  await client.workflow.startUpdateWithStart<Workflow, PushOutcome, [PushRequest]>(PUSH_UPDATE_NAME, {
    args: [requestOf(call)],
    waitForStage: 'ACCEPTED',
    startWorkflowOperation: operation,
  });
  return { workflowId: (await operation.workflowHandle()).workflowId };
}

/**
 * The pull side's corrective push (conflict policy `external-wins`). It carries no values: the push
 * workflow reads the values last pushed when it applies it, so a corrective push queued behind a newer
 * push from the external system restores the newer values, never older ones.
 */
export async function startCorrectivePush(
  client: Client,
  config: Pick<Config, 'temporal'>,
  target: PushTarget,
): Promise<{ workflowId: string }> {
  return submitPush(client, config, { ...target, desired: { fields: {} }, reason: 'corrective' });
}
