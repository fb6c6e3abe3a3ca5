/**
 * What the worker puts in place at start for the change feed: per platform the hourly retention schedule
 * (`arlo-feed-prune:<platform>`), and per configured consumer and platform its notification workflow
 * (`arlo-feed-delivery:<consumer>:<platform>`), started once and then left running (a running one is
 * kept, with its cursor: USE_EXISTING).
 */
import { ScheduleOverlapPolicy, WorkflowIdConflictPolicy, type Client } from '@temporalio/client';

import type { Config } from '../config';
import {
  FEED_DELIVERY_WORKFLOW_TYPE,
  FEED_PRUNE_WORKFLOW_TYPE,
  feedDeliveryWorkflowId,
  feedPruneScheduleId,
  type ExpireOldChangesInput,
  type FeedDeliveryInput,
} from '../domain/feed-delivery';
import { searchAttributes } from '../domain/search-attributes';
import { ensureSchedules, type PlatformScheduleOptions, type ScheduleChange } from './schedules';

function feedPruneScheduleOptions(config: Config, platform: string): PlatformScheduleOptions {
  const input: ExpireOldChangesInput = { platform, retentionDays: config.feed.retentionDays };
  return {
    spec: { intervals: [{ every: '1 hour' }] },
    action: {
      type: 'startWorkflow',
      workflowType: FEED_PRUNE_WORKFLOW_TYPE,
      workflowId: feedPruneScheduleId(platform),
      taskQueue: config.temporal.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' },
  };
}

export function ensureFeedPruneSchedules(
  client: Client,
  config: Config,
  platforms: readonly string[],
): Promise<Record<string, ScheduleChange>> {
  return ensureSchedules(client, platforms, feedPruneScheduleId, (platform) =>
    feedPruneScheduleOptions(config, platform),
  );
}

/** Starts every configured consumer's delivery workflow that is not running yet; returns their IDs. */
export async function ensureFeedDeliveries(client: Client, config: Config): Promise<string[]> {
  const started: string[] = [];
  for (const consumer of config.feed.consumers) {
    for (const { name: platform } of config.platforms) {
      const input: FeedDeliveryInput = { consumer: consumer.name, platform };
      const workflowId = feedDeliveryWorkflowId(consumer.name, platform);
      await client.workflow.start(FEED_DELIVERY_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: [{ key: searchAttributes.platform, value: platform }],
      });
      started.push(workflowId);
    }
  }
  return started;
}
