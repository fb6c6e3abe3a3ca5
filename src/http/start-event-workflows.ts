/**
 * The last webhook step: one durable workflow per event, all started concurrently and bounded in time,
 * so the answer always reaches Arlo well inside its 5000 ms. 200 only when Temporal holds every event
 * (started or already known); any failure or the time bound answers 503 with Retry-After, so Arlo
 * retries the whole batch, and the ID policies make the retry skip what did start.
 */
import { isHandledEventType } from '../domain/arlo-event';
import type { ArloEvent } from '../domain/arlo-event';
import type { ProcessArloEventInput } from '../domain/process-event-input';
import { workflowIds } from '../domain/workflow-ids';
import { startProcessEventWorkflow } from '../temporal/process-event-start';
import { requireState, type AppMiddleware } from './app-state';
import type { WorkflowStartClient } from './event-workflow-starter';
import {
  CALLBACK_OUTCOMES,
  EVENT_START_OUTCOMES,
  type EventStartOutcome,
  type ReceiverMetrics,
} from './receiver-metrics';
import { RequestRejection } from './request-rejection';

export interface StartEventWorkflowsOptions {
  readonly client: WorkflowStartClient;
  readonly taskQueue: string;
  readonly metrics: ReceiverMetrics;
  /** Longest time spent starting one callback's workflows. */
  readonly startTimeoutMs: number;
  /** Sent with a 503. Arlo's retry schedule is its own; the header helps any other caller. */
  readonly retryAfterSeconds: number;
}

export class StartTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Temporal did not confirm the start within ${timeoutMs} ms`);
    this.name = 'StartTimeoutError';
  }
}

/**
 * Every promise from `start`, settled, none waited for past `timeoutMs`. The gRPC deadline handed to
 * `start` ends the calls themselves; the timer guarantees the answer even while a retry sleeps.
 */
async function settleWithin<T>(
  timeoutMs: number,
  start: (deadline: number) => Promise<T>[],
): Promise<PromiseSettledResult<T>[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartTimeoutError(timeoutMs)), timeoutMs);
  });
  // Settled by the race below when it fires; this only keeps an unraced rejection from being unhandled.
  timeout.catch(() => undefined);
  try {
    const starts = start(Date.now() + timeoutMs);
    return await Promise.allSettled(starts.map((p) => Promise.race([p, timeout])));
  } finally {
    clearTimeout(timer);
  }
}

/** The shared start, bounded by the callback's deadline; resolves with the metric's outcome label. */
async function startWithin(
  client: WorkflowStartClient,
  taskQueue: string,
  input: ProcessArloEventInput,
  deadline: number,
): Promise<EventStartOutcome> {
  const start = await client.withDeadline(deadline, () =>
    startProcessEventWorkflow(client, taskQueue, input),
  );
  return start === 'started' ? EVENT_START_OUTCOMES.started : EVENT_START_OUTCOMES.alreadyKnown;
}

/** A batch that names one event twice needs one start: the workflow ID is the same. */
function uniqueById(events: readonly ArloEvent[]): ArloEvent[] {
  const seen = new Map<string, ArloEvent>();
  for (const event of events) if (!seen.has(event.id)) seen.set(event.id, event);
  return [...seen.values()];
}

export function startEventWorkflows(options: StartEventWorkflowsOptions): AppMiddleware {
  const { client, taskQueue, metrics, startTimeoutMs, retryAfterSeconds } = options;
  return async function startEventWorkflowsMiddleware(ctx, next) {
    const platform = requireState(ctx, 'platform').name;
    const events = uniqueById(requireState(ctx, 'payload').events);
    const receivedAt = ctx.state.receivedAt.toISOString();
    const { log } = ctx.state;
    // The events that will join a batch in a worker: once all have, it need not wait for more.
    const batched = events.filter((event) => isHandledEventType(event.type)).length;
    const callback = batched > 0 ? { id: ctx.state.requestId, events: batched } : undefined;

    const results = await settleWithin(startTimeoutMs, (deadline) =>
      events.map((event) =>
        startWithin(
          client,
          taskQueue,
          { platform, event, receivedAt, ...(callback && { callback }) },
          deadline,
        ),
      ),
    );

    let failed = 0;
    results.forEach((result, index) => {
      const event = events[index];
      if (!event) return;
      const fields = {
        eventId: event.id,
        eventType: event.type,
        workflowId: workflowIds.processEvent(platform, event.id),
      };
      if (result.status === 'fulfilled') {
        metrics.events.inc({ outcome: result.value, platform });
        if (!isHandledEventType(event.type)) {
          log.info(fields, 'event type not handled by arlo-sync: its workflow records and acknowledges it');
        }
        log.debug({ ...fields, outcome: result.value }, 'event workflow started');
      } else {
        failed += 1;
        metrics.events.inc({ outcome: EVENT_START_OUTCOMES.failed, platform });
        log.error({ ...fields, err: result.reason }, 'event workflow could not be started');
      }
    });

    if (failed > 0) {
      throw new RequestRejection(503, 'events could not be queued; retry the whole callback later', {
        outcome: CALLBACK_OUTCOMES.startFailed,
        reason: `${failed} of ${events.length} workflow starts failed`,
        headers: { 'Retry-After': String(retryAfterSeconds) },
      });
    }
    ctx.status = 200;
    ctx.body = { accepted: events.length, requestId: ctx.state.requestId };
    await next();
  };
}
