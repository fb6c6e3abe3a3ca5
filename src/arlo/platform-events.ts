/**
 * PlatformEvents (webhooks.txt, "Fetching events and related entities as a batch"; api-notes.md): the
 * batch query `platformevents/query/?ids=...&expand=PlatformEvent,PlatformEvent/Link` and the collection
 * `platformevents/?expand=PlatformEvent` both answer `<PlatformEvents>` with one `<PlatformEvent>` per
 * Link. With `PlatformEvent/Link` expanded, the Link titled `Link` carries the resource's CURRENT state.
 */
import { isEventId, type EventId } from '../domain/event-id';
import { isResourceIdOf, isResourceType } from '../domain/resource-types';

import { parseCollectionStructure } from './collections';
import { parseEntity, parseLink, LINK, type ArloEntity } from './entities';
import { ArloShapeError } from './shape-error';
import { childElements, childText, type XmlElement } from './xml-tree';

export interface PlatformEventRecord {
  /** 64-bit, as a canonical decimal string. */
  readonly id: EventId;
  /** `Created`, `Updated` or `Deleted` (any other string Arlo adds later is passed through). */
  readonly action: 'Created' | 'Updated' | 'Deleted' | (string & {});
  readonly resourceType: string;
  /** Integer or GUID, as a string. */
  readonly resourceId: string;
  /** The resource's href, when the event links it. */
  readonly resourceHref?: string;
  /**
   * The resource's current state, when the response expanded it and arlo-sync knows its type. Absent for
   * deleted resources and unexpanded responses. Its `id` may differ from `resourceId` after a merge.
   */
  readonly entity?: ArloEntity;
}

export interface PlatformEventPage {
  readonly items: readonly PlatformEventRecord[];
  readonly nextHref?: string;
}

export const PLATFORM_EVENT = 'PlatformEvent';
/** The title of the Link that carries the event's resource (`expand=PlatformEvent/Link`). */
const RESOURCE_LINK_TITLE = 'Link';

export function parsePlatformEvent(element: XmlElement): PlatformEventRecord {
  if (element.name !== PLATFORM_EVENT) {
    throw new ArloShapeError(`expected <${PLATFORM_EVENT}>, got <${element.name}>`);
  }
  const id = childText(element, 'ID');
  if (!isEventId(id))
    throw new ArloShapeError(`<PlatformEvent> has no valid 64-bit <ID>: ${JSON.stringify(id ?? null)}`);
  const action = required(element, 'Type', id);
  const resourceType = required(element, 'ResourceType', id);
  const resourceId = required(element, 'ResourceID', id);
  const known = isResourceType(resourceType);
  if (known && !isResourceIdOf(resourceType, resourceId)) {
    throw new ArloShapeError(
      `PlatformEvent ${id}: ${JSON.stringify(resourceId)} is not a ${resourceType} ID`,
    );
  }

  let resourceHref: string | undefined;
  let entity: ArloEntity | undefined;
  for (const linkElement of childElements(element, LINK)) {
    const link = parseLink(linkElement);
    if (link.title === resourceType || (link.title === RESOURCE_LINK_TITLE && resourceHref === undefined)) {
      resourceHref = link.href;
    }
    const [inline] = linkElement.children;
    // Unknown resource types (added by Arlo later) are passed through without an entity, not failed.
    if (link.title === RESOURCE_LINK_TITLE && inline !== undefined && known) {
      entity = parseEntity(inline, resourceType);
    }
  }
  return {
    id,
    action,
    resourceType,
    resourceId,
    ...(resourceHref !== undefined ? { resourceHref } : {}),
    ...(entity !== undefined ? { entity } : {}),
  };
}

/** A `<PlatformEvents>` document: a query response or a collection page. */
export function parsePlatformEventPage(root: XmlElement): PlatformEventPage {
  if (root.name !== 'PlatformEvents')
    throw new ArloShapeError(`expected <PlatformEvents>, got <${root.name}>`);
  const structure = parseCollectionStructure(root);
  const items = structure.items.map(({ link, inline }) => {
    if (inline === undefined) {
      throw new ArloShapeError(`PlatformEvent ${link.href} is not expanded: request expand=PlatformEvent`);
    }
    return parsePlatformEvent(inline);
  });
  return structure.nextHref === undefined ? { items } : { items, nextHref: structure.nextHref };
}

/** The requested event IDs a query response did not return (older than Arlo's 5 days, or unknown). */
export function missingEventIds(
  requested: readonly EventId[],
  returned: readonly PlatformEventRecord[],
): EventId[] {
  const found = new Set(returned.map((event) => event.id));
  return requested.filter((id) => !found.has(id));
}

function required(element: XmlElement, name: string, id: string): string {
  const value = childText(element, name);
  if (!value) throw new ArloShapeError(`PlatformEvent ${id} has no <${name}>`);
  return value;
}
