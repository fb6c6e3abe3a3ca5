import type { MissedEvent } from '../src/domain/catch-up';
import { startProcessEventWorkflow } from '../src/temporal/process-event-start';
import { activityLog } from './activity-log';
import type { ActivityDeps } from './deps';

export interface StartEventWorkflowsInput {
  readonly platform: string;
  readonly events: readonly MissedEvent[];
}

export interface StartEventWorkflowsResult {
  /** Started now, or found running. */
  readonly started: number;
  /** Completed before: the ledger write may still have been on its way when the page was read. */
  readonly alreadyKnown: number;
}

/**
 * Starts the per-event workflow for each missed event with the SAME workflow ID and policies as the
 * webhook receiver, so an event that arrives both ways is processed once. Idempotent.
 */
export function createStartEventWorkflows({
  client,
  config,
  logger,
}: Pick<ActivityDeps, 'client' | 'config' | 'logger'>) {
  return async function startEventWorkflows({
    platform,
    events,
  }: StartEventWorkflowsInput): Promise<StartEventWorkflowsResult> {
    const receivedAt = new Date().toISOString();
    const results = await Promise.all(
      events.map((event) =>
        startProcessEventWorkflow(client, config.temporal.taskQueue, {
          platform,
          // PlatformEvents carry no time of their own; the receiver's events carry Arlo's `dateTime`.
          event: { ...event, dateTime: '' },
          receivedAt,
        }),
      ),
    );
    const started = results.filter((r) => r === 'started').length;
    activityLog(logger).info(
      { platform, started, alreadyKnown: results.length - started },
      'missed events handed to Temporal',
    );
    return { started, alreadyKnown: results.length - started };
  };
}
