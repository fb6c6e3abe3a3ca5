/**
 * A fake Arlo PlatformEvents API for workflow tests: holds events (with the resources' current state),
 * answers the batch query and the collection like Arlo, and records every call, so a test can count
 * Arlo requests exactly. Failures can be scripted per call.
 */
import type {
  PlatformEventRecord,
  PlatformEventsPage,
  PlatformEventsQuery,
  PlatformEventsSource,
} from '../../activities/arlo-port';
import type { MirrorableEntity } from '../../src/store/entity-mirror';

/** Shaped like src/arlo's errors: what activities/arlo-failure.ts maps. */
export class FakeArloError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class FakePlatformEvents implements PlatformEventsSource {
  readonly queries: string[][] = [];
  readonly listings: PlatformEventsQuery[] = [];
  private readonly events = new Map<string, PlatformEventRecord>();
  private readonly failures: Error[] = [];

  add(...records: PlatformEventRecord[]): this {
    for (const record of records) this.events.set(record.id, record);
    return this;
  }

  /** The next calls (query or listing) fail with these errors, in order. */
  failNext(...errors: Error[]): this {
    this.failures.push(...errors);
    return this;
  }

  queryPlatformEvents(ids: string[]): Promise<readonly PlatformEventRecord[]> {
    this.queries.push([...ids]);
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    return Promise.resolve(ids.flatMap((id) => this.events.get(id) ?? []));
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
