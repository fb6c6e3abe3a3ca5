/**
 * PlatformEvent representations, exactly as webhooks.txt prints them ("Fetching events and related
 * entities as a batch"): ID, Type, ResourceType, ResourceID, the self Link, the `Link`-titled Link to the
 * resource and the Link titled by the resource type. Expanding `Link` (or the type's title) inlines the
 * resource's CURRENT state. A deleted or merged-away resource has no current state, so its Links stay
 * empty: the event still tells the reader what happened.
 */
import type { PlatformEvent } from '../event-log';
import { element, leaf, type XmlElement, type XmlNode } from '../xml/xml-node';
import type { ExpandTree } from './expand';
import { RELATED_REL } from './hrefs';
import { eventStyleLink } from './links';
import type { ResourceRenderer } from './resource-renderer';

export function platformEventHref(renderer: ResourceRenderer, id: string): string {
  return renderer.hrefs.path(`platformevents/${id}/`);
}

export function renderPlatformEvent(
  renderer: ResourceRenderer,
  event: PlatformEvent,
  expand: ExpandTree,
): XmlElement {
  const resourceHref = renderer.hrefs.resource(event.resourceType, event.resourceId);
  const inline = (title: string): XmlElement | undefined => {
    const nested = expand.get(title);
    return nested ? renderer.renderById(event.resourceType, event.resourceId, nested) : undefined;
  };
  return element(
    'PlatformEvent',
    [],
    [
      leaf('ID', event.id),
      leaf('Type', event.type),
      leaf('ResourceType', event.resourceType),
      leaf('ResourceID', event.resourceId),
      eventStyleLink(platformEventHref(renderer, event.id), 'self', undefined),
      eventStyleLink(resourceHref, `${RELATED_REL}Link`, 'Link', inline('Link')),
      eventStyleLink(
        resourceHref,
        `${RELATED_REL}${event.resourceType}`,
        event.resourceType,
        inline(event.resourceType),
      ),
    ],
  );
}

/** `<PlatformEvents>` for both the collection and the batch query endpoint. */
export function renderPlatformEvents(
  renderer: ResourceRenderer,
  events: readonly PlatformEvent[],
  expand: ExpandTree,
  nextHref: string | undefined,
): XmlElement {
  const itemExpand = expand.get('PlatformEvent');
  const children: XmlNode[] = events.map((event) =>
    eventStyleLink(
      platformEventHref(renderer, event.id),
      `${RELATED_REL}PlatformEvent`,
      'PlatformEvent',
      itemExpand ? renderPlatformEvent(renderer, event, itemExpand) : undefined,
    ),
  );
  if (nextHref !== undefined) children.push(eventStyleLink(nextHref, 'next', undefined));
  children.push(eventStyleLink(renderer.hrefs.path('platformevents/'), 'self', undefined));
  return element('PlatformEvents', [], children);
}
