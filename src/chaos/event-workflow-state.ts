/**
 * What Temporal knows of an event the chaos run found unprocessed, for its report: whether its workflow
 * was ever started, and if so its status and how its history ends. "Never processed" alone does not
 * say whether the receiver lost the event, the workflow waits on something, or it failed.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

import { workflowIds } from '../domain/workflow-ids';

/** The history events shown: enough to see the last workflow task and what it waited on. */
const LAST_EVENTS_SHOWN = 6;

export async function describeEventWorkflow(
  client: Client,
  platform: string,
  eventId: string,
): Promise<string> {
  const workflowId = workflowIds.processEvent(platform, eventId);
  const handle = client.workflow.getHandle(workflowId);
  try {
    const description = await handle.describe();
    const history = (await handle.fetchHistory()).events ?? [];
    const last = history
      .slice(-LAST_EVENTS_SHOWN)
      .map((event) => temporal.api.enums.v1.EventType[event.eventType ?? 0]?.replace(/^EVENT_TYPE_/, ''));
    return (
      `workflow ${workflowId} ${description.status.name}, started ${description.startTime.toISOString()}, ` +
      `${history.length} history events, ending ${last.join(' → ')}`
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return `no workflow ${workflowId} was ever started`;
    return `workflow ${workflowId} could not be described: ${error instanceof Error ? error.message : String(error)}`;
  }
}
