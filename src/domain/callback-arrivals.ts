/**
 * Which webhook callbacks have all their events here. The receiver starts one workflow per event and
 * tells each how many events of its callback join a batch (`CallbackOfEvent`); the worker's coalescer
 * (./event-fetch-coalescer.ts) notes every event as it arrives and, once a callback's last one has, need
 * not hold a part-filled batch open for more of it. Without it a callback of one event waited the whole
 * batch window (150 ms) for events that were never coming.
 *
 * Only a shortcut: an event of an unknown callback, or of a callback whose events went to another
 * worker, was redelivered, or completed before, leaves the callback incomplete here, and its batch
 * waits the window as it always did.
 */

/** The webhook callback that delivered an event, as the receiver saw it. */
export interface CallbackOfEvent {
  /** Unique per delivery, e.g. the receiver's request ID. */
  readonly id: string;
  /** The callback's events that join a batch (its distinct events of a type arlo-sync handles). */
  readonly events: number;
}

/** How long a callback is remembered after its first event arrived: its events arrive within seconds. */
const REMEMBER_CALLBACK_MS = 60_000;

export function isCallbackOfEvent(value: unknown): value is CallbackOfEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { id, events } = value as Record<string, unknown>;
  return typeof id === 'string' && id !== '' && Number.isInteger(events) && (events as number) >= 1;
}

export class CallbackArrivals {
  /** Event IDs seen per callback ID, oldest callback first. */
  private readonly arrived = new Map<string, { expected: number; eventIds: Set<string>; until: number }>();

  constructor(private readonly now: () => number) {}

  /** Notes that an event of `callback` has arrived (again: counted once). */
  note(eventId: string, callback: CallbackOfEvent | undefined): void {
    if (!isCallbackOfEvent(callback)) return;
    this.forgetOld();
    let entry = this.arrived.get(callback.id);
    if (!entry) {
      entry = { expected: callback.events, eventIds: new Set(), until: this.now() + REMEMBER_CALLBACK_MS };
      this.arrived.set(callback.id, entry);
    }
    entry.eventIds.add(eventId);
  }

  /** Whether every event of `callback` has arrived (false for none, or one not noted). */
  allArrived(callback: CallbackOfEvent | undefined): boolean {
    if (!isCallbackOfEvent(callback)) return false;
    const entry = this.arrived.get(callback.id);
    return entry !== undefined && entry.eventIds.size >= entry.expected;
  }

  /** Callbacks remembered now, for tests and logs. */
  get size(): number {
    this.forgetOld();
    return this.arrived.size;
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [id, { until }] of this.arrived) {
      if (until > now) return;
      this.arrived.delete(id);
    }
  }
}
