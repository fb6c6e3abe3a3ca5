import type { ResourceType } from '../../domain/resource-types';
import type { SimRecord } from '../store/record';
import { RESOURCE_SCHEMAS } from '../store/resource-schemas';
import { element, type XmlElement, type XmlNode } from '../xml/xml-node';
import type { ExpandTree } from './expand';
import { ARLO_REL, XML_TYPE } from './hrefs';
import type { ResourceRenderer } from './resource-renderer';

/**
 * `<Contacts>`: one Link per item (`rel=".../auth/Contact"`, as the Collection Resources page shows),
 * the item inline when `expand` names its title, then `rel="next"` while more pages exist, then self.
 */
export function renderCollection(
  renderer: ResourceRenderer,
  type: ResourceType,
  page: readonly SimRecord[],
  expand: ExpandTree,
  nextHref: string | undefined,
): XmlElement {
  const schema = RESOURCE_SCHEMAS[type];
  const itemExpand = expand.get(schema.element);
  const children: XmlNode[] = page.map((record) =>
    element(
      'Link',
      [
        ['rel', `${ARLO_REL}${schema.element}`],
        ['type', XML_TYPE],
        ['title', schema.element],
        ['href', renderer.hrefs.resource(type, record.id)],
      ],
      itemExpand ? [renderer.render(record, itemExpand)] : [],
    ),
  );
  if (nextHref !== undefined) children.push(pagingLink('next', nextHref));
  children.push(pagingLink('self', renderer.hrefs.collection(type)));
  return element(schema.collectionElement, [], children);
}

function pagingLink(rel: string, href: string): XmlElement {
  return element('Link', [
    ['rel', rel],
    ['type', XML_TYPE],
    ['href', href],
  ]);
}
