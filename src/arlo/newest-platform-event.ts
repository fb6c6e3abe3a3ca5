/** The newest event a platform still lists (PlatformEvents keeps 5 days): one request, ordered by ID. */
import type { EventId } from '../domain/event-id';

/** The one method needed; the Arlo client and the pull path's narrower port both have it. */
export interface PlatformEventLister {
  listPlatformEvents(query: {
    readonly top: number;
    readonly orderby: string;
  }): Promise<{ readonly items: readonly { readonly id: EventId }[] }>;
}

export async function newestPlatformEventId(client: PlatformEventLister): Promise<EventId | undefined> {
  const page = await client.listPlatformEvents({ top: 1, orderby: 'ID DESC' });
  return page.items[0]?.id;
}
