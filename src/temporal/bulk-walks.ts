/**
 * Client side of the bulk walk (workflows/bulk-walk.ts), for the CLI and tests: start a walk (starting
 * it again while it runs returns the running one: never two walks of one collection), read its
 * progress, pause, resume and cancel it.
 */
import {
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';

import type { Config } from '../config';
import {
  BULK_WALK_MEMO_KEY,
  BULK_WALK_QUERIES,
  BULK_WALK_SIGNALS,
  BULK_WALK_WORKFLOW_TYPE,
  type BulkWalkInput,
  type BulkWalkMode,
  type BulkWalkProgress,
  type BulkWalkResult,
} from '../domain/bulk-walk';
import type { BulkResourceType } from '../domain/resource-types';
import { searchAttributes } from '../domain/search-attributes';
import { workflowIds } from '../domain/workflow-ids';

export interface BulkWalkTarget {
  readonly platform: string;
  readonly resourceType: BulkResourceType;
}

export interface StartBulkWalkOptions extends BulkWalkTarget {
  readonly since?: string;
  readonly mode?: BulkWalkMode;
  /** Default: ARLO_PAGE_SIZE. */
  readonly pageSize?: number;
  /** Pages read at once, each from its own time range; default: ARLO_BULK_SEGMENTS. */
  readonly segments?: number;
}

export interface StartedBulkWalk {
  readonly handle: WorkflowHandleWithFirstExecutionRunId<(input: BulkWalkInput) => Promise<BulkWalkResult>>;
  /** False when a walk of this collection was already running (that one is returned). */
  readonly started: boolean;
}

export async function startBulkWalk(
  client: Client,
  config: Config,
  options: StartBulkWalkOptions,
): Promise<StartedBulkWalk> {
  const { platform, resourceType } = options;
  const input: BulkWalkInput = {
    platform,
    resourceType,
    mode: options.mode ?? 'bulk',
    ...(options.since !== undefined ? { since: options.since } : {}),
    pageSize: options.pageSize ?? config.arlo.pageSize,
    arloTaskQueue: config.temporal.arloTaskQueue,
    segments: options.segments ?? config.bulk.segments,
  };
  // Only for the report: the conflict policy below is what guarantees a single walk.
  const alreadyRunning = (await bulkWalkStatus(client, options)) === 'RUNNING';
  const handle = await client.workflow.start<(input: BulkWalkInput) => Promise<BulkWalkResult>>(
    BULK_WALK_WORKFLOW_TYPE,
    {
      workflowId: workflowIds.bulkWalk(platform, resourceType),
      taskQueue: config.temporal.taskQueue,
      args: [input],
      // A running walk is returned, not duplicated; a finished one may be walked again.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: [
        { key: searchAttributes.platform, value: platform },
        { key: searchAttributes.resourceType, value: resourceType },
      ],
    },
  );
  return { handle, started: !alreadyRunning };
}

export function bulkWalkHandle(client: Client, target: BulkWalkTarget) {
  return client.workflow.getHandle<(input: BulkWalkInput) => Promise<BulkWalkResult>>(
    workflowIds.bulkWalk(target.platform, target.resourceType),
  );
}

/**
 * The walk's progress: the query while a worker runs it, else the memo it last wrote (a finished or
 * cancelled walk, or one waiting for a worker). Undefined when no walk was ever started.
 */
export async function bulkWalkProgress(
  client: Client,
  target: BulkWalkTarget,
): Promise<{ progress: BulkWalkProgress; open: boolean } | undefined> {
  const handle = bulkWalkHandle(client, target);
  let description;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
  const open = description.status.name === 'RUNNING';
  if (open) {
    try {
      return { progress: await handle.query<BulkWalkProgress>(BULK_WALK_QUERIES.progress), open };
    } catch {
      // No worker to answer (or still starting): the memo says where it stood.
    }
  }
  const memo = description.memo?.[BULK_WALK_MEMO_KEY] as BulkWalkProgress | undefined;
  return memo === undefined ? undefined : { progress: memo, open };
}

async function bulkWalkStatus(client: Client, target: BulkWalkTarget): Promise<string | undefined> {
  try {
    return (await bulkWalkHandle(client, target).describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

export async function signalBulkWalk(
  client: Client,
  target: BulkWalkTarget,
  action: keyof typeof BULK_WALK_SIGNALS,
): Promise<void> {
  await bulkWalkHandle(client, target).signal(BULK_WALK_SIGNALS[action]);
}
