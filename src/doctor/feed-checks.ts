/**
 * A consumer's signed notifications for one platform: its delivery workflow runs, and the consumer takes
 * what it is sent. Reads the workflow's `feedDeliveryState` query (what the Web UI's memo shows too).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';

import {
  FEED_DELIVERY_QUERY,
  FEED_DELIVERY_WORKFLOW_TYPE,
  feedDeliveryConsumer,
  feedDeliveryWorkflowId,
  type FeedDeliveryState,
} from '../domain/feed-delivery';
import { searchAttributes } from '../domain/search-attributes';
import { fail, formatAge, ok, warn, withTimeout, type CheckResult } from './check-result';
import { firstLine, QUERY_TIMEOUT_MS } from './temporal-checks';

const CALL_TIMEOUT_MS = 5_000;
/** A consumer further behind than this many changes is reported. */
const LAG_WARNING = 1_000;

export async function checkFeedDelivery(
  client: Client,
  consumer: string,
  platform: string,
  now: Date,
  /**
   * The feed's last allocated position for the platform, read from the store now: the lag is then
   * counted from it. The workflow's own figure is from its last look, and stays put while it fails.
   */
  feedHead?: number,
): Promise<CheckResult> {
  const name = `Notifications to ${consumer} (${platform})`;
  const workflowId = feedDeliveryWorkflowId(consumer, platform);
  const handle = client.workflow.getHandle(workflowId);
  try {
    const description = await withTimeout(handle.describe(), CALL_TIMEOUT_MS, 'describe');
    if (description.status.name !== 'RUNNING') {
      return fail(
        name,
        `workflow ${workflowId} is ${description.status.name.toLowerCase()}`,
        'start a worker (`arlo-sync worker`): it starts the delivery again from where it stopped',
      );
    }
    const state = await withTimeout(
      handle.query<FeedDeliveryState>(FEED_DELIVERY_QUERY),
      QUERY_TIMEOUT_MS,
      'query',
    );
    return judge(name, state, now, feedHead);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      return fail(name, `no workflow ${workflowId}`, 'start a worker (`arlo-sync worker`): it starts it');
    }
    return fail(name, `cannot read its state (${firstLine(error)})`, 'check that a worker runs');
  }
}

/**
 * The consumers whose delivery workflow for `platform` runs in Temporal, whether or not this shell
 * configures them: the worker's environment holds the consumers (and their secrets), and `doctor` run
 * from another (an operator's shell, a second terminal next to `npm start`) checks them all the same.
 * Undefined when Temporal did not list them in time.
 */
export async function runningFeedConsumers(client: Client, platform: string): Promise<string[] | undefined> {
  const query =
    `WorkflowType = '${FEED_DELIVERY_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' AND ` +
    `${searchAttributes.platform.name} = '${platform}'`;
  const listed = async () => {
    const consumers: string[] = [];
    for await (const { workflowId } of client.workflow.list({ query })) {
      const consumer = feedDeliveryConsumer(workflowId, platform);
      if (consumer !== undefined) consumers.push(consumer);
    }
    return consumers;
  };
  return withTimeout(listed(), CALL_TIMEOUT_MS, 'list').catch(() => undefined);
}

function judge(name: string, reported: FeedDeliveryState, now: Date, feedHead?: number): CheckResult {
  const state =
    feedHead === undefined ? reported : { ...reported, lag: Math.max(0, feedHead - Number(reported.cursor)) };
  const delivered = state.lastDeliveredAt
    ? `last delivery ${formatAge(now.getTime() - Date.parse(state.lastDeliveredAt))} ago`
    : 'nothing delivered yet';
  const detail = `cursor ${state.cursor}, ${state.lag} behind, ${delivered}`;
  if (state.status === 'failing') {
    return fail(
      name,
      `${detail}; ${state.failures} failed attempts in a row, last: ${state.lastError ?? 'unknown'}`,
      'make the endpoint answer 2xx (check CONSUMER_WEBHOOK_URL, its TLS and the secret); the next attempt ' +
        `is at ${state.nextAttemptAt ?? 'soon'}, and nothing is lost meanwhile`,
    );
  }
  if (state.status === 'stopped') {
    return warn(name, `stopped: ${state.lastError ?? ''}`, 'configure the consumer again, or ignore this');
  }
  if (state.lag > LAG_WARNING) {
    return warn(name, detail, 'the consumer is catching up; if the lag keeps growing, it answers too slowly');
  }
  return ok(name, detail);
}
