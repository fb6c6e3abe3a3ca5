import type { ArloEvent } from './arlo-event';
import type { CallbackOfEvent } from './callback-arrivals';

/**
 * The workflow type the receiver starts for every event of a verified callback. The receiver starts it
 * by name, so it never imports workflow code; `workflows/` must export a function with this name.
 * (`processArloEvent`, the type before it, is no longer started but stays registered so that its
 * executions open at an upgrade replay and finish: workflows/process-arlo-event.ts.)
 */
export const PROCESS_ARLO_EVENT_WORKFLOW_TYPE = 'syncArloEvent';

/** The single argument of the per-event workflow, exactly as the receiver passes it. */
export interface ProcessArloEventInput {
  /** The configured platform name (canonical form, not the header as sent), e.g. `demo.arlo.co`. */
  readonly platform: string;
  readonly event: ArloEvent;
  /** When the receiver got the callback, ISO 8601 (`Date.prototype.toISOString`). */
  readonly receivedAt: string;
  /**
   * The callback that delivered the event, so the worker need not wait for more of its events once all
   * have joined a batch (src/domain/callback-arrivals.ts). Absent when catch-up started the workflow, or
   * the receiver was older.
   */
  readonly callback?: CallbackOfEvent;
}
