/**
 * arlo-sync runs two task queues:
 *  - the main queue: workflows and every activity that does not call Arlo (MongoDB, bookkeeping);
 *  - the Arlo queue: only activities that make exactly one Arlo HTTP request each.
 *
 * The Arlo queue carries the platform's rate budget as Temporal's *task-queue* activity rate limit
 * (`maxTaskQueueActivitiesPerSecond`), which the server enforces across every worker polling the queue,
 * so the budget holds with any number of worker processes (a per-process limiter would not).
 */
import type { Config } from '../config';

/**
 * Activities per second on the Arlo queue. A little under the platform limit: Temporal's limiter admits
 * a small burst, and Arlo counts requests in whole-minute windows.
 */
export function arloActivitiesPerSecond(config: Config): number {
  const SAFETY = 0.95;
  return (config.arlo.requestsPerMinute * SAFETY) / 60;
}

/**
 * Workflow tasks (and their local activities) one worker process runs at once on the main queue. A
 * per-event workflow holds its workflow task open while its local activity waits for its batch
 * (workflows/sync-arlo-event.ts), so this bounds the events in flight per worker, and with them how
 * full a batch can get: the SDK's default of 40 would send part-filled batches under load. More is
 * worse past a point: a task the worker has taken but cannot get to within the workflow task timeout
 * (10 s) times out and runs again, where a task the worker has not taken waits in Temporal's queue for
 * free. Under a burst, 200 let hundreds time out (ARCHITECTURE.md, "Workflow task held open").
 */
export const MAIN_QUEUE_TASKS_PER_WORKER = 100;
