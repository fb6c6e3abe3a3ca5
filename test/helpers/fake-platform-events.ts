/**
 * A fake Arlo PlatformEvents API for workflow tests: holds events (with the resources' current state),
 * answers the batch query and the collection like Arlo, and records every call, so a test can count
 * Arlo requests exactly. Failures (src/arlo's error classes) can be scripted per call.
 */
import type {
  PlatformEventRecord,
  PlatformEventsPage,
  PlatformEventsQuery,
  PlatformEventsSource,
} from '../../activities/arlo-port';
import type { MirrorableEntity } from '../../src/store/entity-mirror';

export class FakePlatformEvents implements PlatformEventsSource {
  readonly queries: string[][] = [];
  readonly listings: PlatformEventsQuery[] = [];
  /** The most queries that were in flight at once for one resource (needs `latencyMs` to be telling). */
  maxQueriesPerResource = 0;
  private readonly events = new Map<string, PlatformEventRecord>();
  private readonly failures: Error[] = [];
  private readonly resourcesInFlight = new Map<string, number>();

  /** `latencyMs`: how long each query takes to answer, like a real server. */
  constructor(private readonly latencyMs = 0) {}

  add(...records: PlatformEventRecord[]): this {
    for (const record of records) this.events.set(record.id, record);
    return this;
  }

  /** The next calls (query or listing) fail with these errors, in order. */
  failNext(...errors: Error[]): this {
    this.failures.push(...errors);
    return this;
  }

  async queryPlatformEvents(ids: string[]): Promise<readonly PlatformEventRecord[]> {
    this.queries.push([...ids]);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const records = ids.flatMap((id) => this.events.get(id) ?? []);
    const resources = [...new Set(records.map((r) => `${r.resourceType}:${r.resourceId}`))];
    for (const key of resources) {
      const count = (this.resourcesInFlight.get(key) ?? 0) + 1;
      this.resourcesInFlight.set(key, count);
      this.maxQueriesPerResource = Math.max(this.maxQueriesPerResource, count);
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    for (const key of resources) this.resourcesInFlight.set(key, (this.resourcesInFlight.get(key) ?? 1) - 1);
    return records;
  }

  /** Supports what catch-up sends: `ID gt <id>`, `ID ASC`, top; skip is always 0. */
  listPlatformEvents(query: PlatformEventsQuery): Promise<PlatformEventsPage> {
    this.listings.push({ ...query });
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    const after = /^ID gt (\d+)$/.exec(query.filter ?? '')?.[1];
    const all = [...this.events.values()]
      .filter((e) => after === undefined || BigInt(e.id) > BigInt(after))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const top = query.top ?? 100;
    const items = all.slice(0, top);
    return Promise.resolve({
      items,
      ...(all.length > top ? { nextHref: `https://fake/platformevents/?skip=${top}` } : {}),
    });
  }
}

export function contact(
  id: string,
  lastModifiedDateTime: string,
  firstName = `First${id}`,
): MirrorableEntity {
  return {
    resourceType: 'Contact',
    id,
    lastModifiedDateTime,
    fields: { ContactID: id, FirstName: firstName },
    links: [{ rel: 'self', href: `https://fake/contacts/${id}/` }],
    related: {},
  };
}

export function updatedEvent(eventId: string, entity: MirrorableEntity): PlatformEventRecord {
  return { id: eventId, action: 'Updated', resourceType: entity.resourceType, resourceId: entity.id, entity };
}

/** 2^53 + 1: beyond exact JS numbers, so any Number() conversion would show. */
export const BIG_EVENT_ID_BASE = 9_007_199_254_740_993n;
