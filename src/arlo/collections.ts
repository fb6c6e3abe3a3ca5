/**
 * Collection pages (api-notes.md, "Collections"): the root element is the plural (`<Contacts>`), holding
 * one `<Link>` per item, with the item's representation inside the Link when `expand` names it, and a
 * `<Link rel="next">` while more pages exist.
 */
import { parseEntity, parseLink, isNavigationLink, LINK, type ArloEntity, type ArloLink } from './entities';
import { ArloShapeError } from './shape-error';
import { childElements, type XmlElement } from './xml-tree';

export interface CollectionItem {
  readonly link: ArloLink;
  /** The item's representation when the request expanded it. */
  readonly inline?: XmlElement;
}

export interface CollectionStructure {
  readonly items: readonly CollectionItem[];
  readonly nextHref?: string;
}

export interface CollectionPage {
  /** The expanded items, in the order the server returned them. */
  readonly items: readonly ArloEntity[];
  /** The href of every item on the page, expanded or not, in order. */
  readonly itemHrefs: readonly string[];
  /** The absolute href of the next page; absent on the last page. */
  readonly nextHref?: string;
}

export function parseCollectionStructure(root: XmlElement): CollectionStructure {
  const items: CollectionItem[] = [];
  let nextHref: string | undefined;
  for (const element of childElements(root, LINK)) {
    const link = parseLink(element);
    if (link.rel === 'next') nextHref = link.href;
    if (isNavigationLink(link)) continue;
    if (element.children.length > 1) {
      throw new ArloShapeError(
        `the item link ${link.href} holds ${element.children.length} elements, expected one`,
      );
    }
    const [inline] = element.children;
    items.push(inline === undefined ? { link } : { link, inline });
  }
  return nextHref === undefined ? { items } : { items, nextHref };
}

/** A page of resources; `itemType` (e.g. `Contact`) checks every expanded item's element name. */
export function parseCollectionPage(root: XmlElement, itemType?: string): CollectionPage {
  const structure = parseCollectionStructure(root);
  const items = structure.items.flatMap(({ inline }) => (inline ? [parseEntity(inline, itemType)] : []));
  return {
    items,
    itemHrefs: structure.items.map(({ link }) => link.href),
    ...(structure.nextHref !== undefined ? { nextHref: structure.nextHref } : {}),
  };
}
