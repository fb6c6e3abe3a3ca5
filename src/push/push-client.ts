/**
 * The typed way to push: every entry point (HTTP endpoint, CLI, the pull side's corrective push) goes
 * through here. Update-with-start on the record's push workflow: it starts the workflow if none runs and
 * queues the request in it otherwise, so pushes for one record are serialised.
 */
import { WithStartWorkflowOperation, type Client, type Workflow } from '@temporalio/client';

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

function requestOf(call: PushCall): PushRequest {
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
