/**
 * Signed notifications of the change feed: one durable workflow per consumer and platform
 * (`deliverFeedNotifications`, ID `arlo-feed-delivery:<consumer>:<platform>`) delivers the platform's
 * changes to the consumer's endpoint in batches, in feed order, at least once, retrying with backoff;
 * and the hourly retention run (`expireOldChanges`, schedule `arlo-feed-prune:<platform>`). Pure: shared
 * by the workflows, the activities, the worker that starts them and the doctor that inspects them.
 */

export const FEED_DELIVERY_WORKFLOW_TYPE = 'deliverFeedNotifications';
export const FEED_PRUNE_WORKFLOW_TYPE = 'expireOldChanges';

const FEED_DELIVERY_ID_PREFIX = 'arlo-feed-delivery:';
export const feedDeliveryWorkflowId = (consumer: string, platform: string) =>
  `${FEED_DELIVERY_ID_PREFIX}${consumer}:${platform}`;

/** The consumer whose delivery workflow for `platform` has this ID; undefined for any other ID. */
export function feedDeliveryConsumer(workflowId: string, platform: string): string | undefined {
  const suffix = `:${platform}`;
  if (!workflowId.startsWith(FEED_DELIVERY_ID_PREFIX) || !workflowId.endsWith(suffix)) return undefined;
  const consumer = workflowId.slice(FEED_DELIVERY_ID_PREFIX.length, -suffix.length);
  return consumer === '' ? undefined : consumer;
}

export const feedPruneScheduleId = (platform: string) => `arlo-feed-prune:${platform}`;

export const FEED_DELIVERY_QUERY = 'feedDeliveryState';
export const FEED_DELIVERY_MEMO_KEY = 'feedDelivery';

export interface FeedDeliveryInput {
  readonly consumer: string;
  readonly platform: string;
  /** Carried across continue-as-new. */
  readonly state?: FeedDeliveryState;
}

type FeedDeliveryStatus = 'caught-up' | 'delivering' | 'failing' | 'stopped';

/** What an operator sees (query, memo, `arlo-sync doctor`). */
export interface FeedDeliveryState {
  readonly consumer: string;
  readonly platform: string;
  readonly status: FeedDeliveryStatus;
  /** The last cursor the consumer acknowledged (2xx). */
  readonly cursor: string;
  /** Changes allocated after the cursor when last looked (approximate). */
  readonly lag: number;
  readonly changesDelivered: number;
  readonly notificationsDelivered: number;
  readonly lastDeliveredAt?: string;
  /** Failed attempts in a row at the current batch; 0 when the last attempt succeeded. */
  readonly failures: number;
  readonly lastError?: string;
  readonly lastErrorAt?: string;
  readonly nextAttemptAt?: string;
}

export function initialFeedDeliveryState(consumer: string, platform: string): FeedDeliveryState {
  return {
    consumer,
    platform,
    status: 'delivering',
    cursor: '0',
    lag: 0,
    changesDelivered: 0,
    notificationsDelivered: 0,
    failures: 0,
  };
}

/** 1 s, 2 s, 4 s ... at most 5 minutes: a consumer down for hours is tried every 5 minutes. */
export function deliveryRetryDelayMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), 5 * 60 * 1000);
}

export interface FeedBatch {
  /** The cursor after the batch: every position up to it is decided. Equal to `after` when nothing new. */
  readonly through: string;
  /** Changes in (after, through] (of any type; voided positions are not changes). */
  readonly changes: number;
  readonly lag: number;
  /** Set when `after` is older than the retention: the first cursor still readable. */
  readonly expiredTo?: string;
}

export interface WaitForFeedChangesInput {
  /** For the lag metric. */
  readonly consumer: string;
  readonly platform: string;
  readonly after: string;
  /** Return after this long even when nothing came (the workflow then asks again). */
  readonly maxWaitMs: number;
}

export interface DeliverFeedBatchInput {
  readonly consumer: string;
  readonly platform: string;
  readonly after: string;
  readonly through: string;
  /** Deliver the "expired" notice instead of changes (the consumer fell behind the retention). */
  readonly expired?: boolean;
}

export interface ExpireOldChangesInput {
  readonly platform: string;
  readonly retentionDays: number;
}

/** The failure type of a delivery to a consumer no longer configured: its workflow then ends. */
export const CONSUMER_NOT_CONFIGURED = 'FeedConsumerNotConfigured';

/** The failure type of a batch whose changes retention deleted before they were delivered. */
export const FEED_CURSOR_EXPIRED = 'FeedCursorExpired';
