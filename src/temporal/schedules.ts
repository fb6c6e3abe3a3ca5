/**
 * The Temporal Schedules arlo-sync keeps, created idempotently at worker start: created when missing,
 * updated to the current configuration when present, so several workers starting at once and config
 * changes both converge. Overlap SKIP: a catch-up still walking when the next is due makes it skip,
 * never run twice for one platform.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

import type { Config } from '../config';
import { CATCH_UP_MISSED_EVENTS_WORKFLOW_TYPE, type CatchUpMissedEventsInput } from '../domain/catch-up';
import { searchAttributes } from '../domain/search-attributes';
import { workflowIds } from '../domain/workflow-ids';

export const scheduleIds = {
  catchUp: (platform: string) => `arlo-catch-up:${platform}`,
} as const;

/** What configuration decides about a per-platform schedule (its ID and paused state are not). */
export type PlatformScheduleOptions = Omit<
  ScheduleOptions<ScheduleOptionsStartWorkflowAction<Workflow>>,
  'scheduleId' | 'state' | 'memo'
>;

export function catchUpScheduleOptions(config: Config, platform: string): PlatformScheduleOptions {
  const input: CatchUpMissedEventsInput = {
    platform,
    arloTaskQueue: config.temporal.arloTaskQueue,
    pageSize: config.arlo.pageSize,
  };
  return {
    spec: { intervals: [{ every: `${config.pull.catchUpIntervalMinutes} minutes` }] },
    action: {
      type: 'startWorkflow',
      workflowType: CATCH_UP_MISSED_EVENTS_WORKFLOW_TYPE,
      // The schedule appends the scheduled time, so each run has its own ID under this prefix.
      workflowId: workflowIds.catchUp(platform),
      taskQueue: config.temporal.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
  };
}

export type ScheduleChange = 'created' | 'updated';

/** One catch-up schedule per platform; returns what it did for each. */
export async function ensureCatchUpSchedules(
  client: Client,
  config: Config,
  platforms: readonly string[],
): Promise<Record<string, ScheduleChange>> {
  return ensureSchedules(client, platforms, scheduleIds.catchUp, (platform) =>
    catchUpScheduleOptions(config, platform),
  );
}

/**
 * One schedule per platform, created, or updated to what configuration decides when it exists (keeping
 * its state: an operator may have paused it). Idempotent, safe for every worker start.
 */
export async function ensureSchedules(
  client: Client,
  platforms: readonly string[],
  scheduleIdOf: (platform: string) => string,
  optionsOf: (platform: string) => PlatformScheduleOptions,
): Promise<Record<string, ScheduleChange>> {
  const changes: Record<string, ScheduleChange> = {};
  for (const platform of platforms) {
    const scheduleId = scheduleIdOf(platform);
    const options = optionsOf(platform);
    try {
      await client.schedule.create({ scheduleId, ...options });
      changes[platform] = 'created';
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, ...options }));
      changes[platform] = 'updated';
    }
  }
  return changes;
}
