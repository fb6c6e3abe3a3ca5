/**
 * The platform's PlatformEvents: strictly increasing 64-bit IDs (bigint, never a JS number), one per
 * accepted write, kept for the retention period (5 days, as Arlo documents) and then gone for good, so
 * catch-up beyond the window has to fall back to a bulk walk, as against the real platform.
 */
import type { EventAction } from '../domain/arlo-event';
import type { ResourceType } from '../domain/resource-types';
import { formatTicks } from './arlo-ticks';
import { TICKS_PER_MILLISECOND, type Clock } from './clock';

export interface PlatformEvent {
  readonly id: string;
  readonly idValue: bigint;
  readonly type: EventAction;
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly ticks: bigint;
  /** 7 fractional digits, as the webhook payload's `dateTime`. */
  readonly dateTime: string;
}

export type EventListener = (event: PlatformEvent) => void;

export const DEFAULT_EVENT_ID_START = 5_000_000_000n;
export const DEFAULT_EVENT_RETENTION_MS = 5 * 24 * 60 * 60 * 1000;

export class EventLog {
  private readonly events: PlatformEvent[] = [];
  private readonly byId = new Map<bigint, PlatformEvent>();
  private readonly listeners: EventListener[] = [];
  private nextId: bigint;
  private readonly retentionTicks: bigint;

  constructor(
    private readonly clock: Clock,
    options: { startId?: bigint; retentionMs?: number } = {},
  ) {
    this.nextId = options.startId ?? DEFAULT_EVENT_ID_START;
    this.retentionTicks = BigInt(options.retentionMs ?? DEFAULT_EVENT_RETENTION_MS) * TICKS_PER_MILLISECOND;
  }

  append(type: EventAction, resourceType: ResourceType, resourceId: string, ticks: bigint): PlatformEvent {
    const idValue = this.nextId++;
    const event: PlatformEvent = {
      id: idValue.toString(),
      idValue,
      type,
      resourceType,
      resourceId,
      ticks,
      dateTime: formatTicks(ticks),
    };
    this.events.push(event);
    this.byId.set(idValue, event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  onAppend(listener: EventListener): void {
    this.listeners.push(listener);
  }

  get(id: bigint): PlatformEvent | undefined {
    this.prune();
    return this.byId.get(id);
  }

  /** Every retained event, in ID order. */
  retained(): readonly PlatformEvent[] {
    this.prune();
    return this.events;
  }

  /** The ID the next event will get (for tests and the control API). */
  peekNextId(): string {
    return this.nextId.toString();
  }

  /**
   * Loads retained events and the next ID from a snapshot (./persistence), without telling listeners:
   * they were delivered before the restart. The next ID never goes below one past the last event.
   */
  restore(events: readonly PlatformEvent[], nextId: bigint): void {
    for (const event of events) {
      this.events.push(event);
      this.byId.set(event.idValue, event);
    }
    const last = events.at(-1)?.idValue;
    const floor = last === undefined ? nextId : last + 1n;
    this.nextId = [this.nextId, nextId, floor].reduce((a, b) => (b > a ? b : a));
  }

  private prune(): void {
    const cutoff = this.clock.nowTicks() - this.retentionTicks;
    let expired = 0;
    while (expired < this.events.length && (this.events[expired]?.ticks ?? cutoff) < cutoff) expired++;
    if (expired === 0) return;
    for (const event of this.events.splice(0, expired)) this.byId.delete(event.idValue);
  }
}
