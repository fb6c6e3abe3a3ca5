/**
 * Arlo representations as plain JSON. `ArloEntity` is a resource with an ID and timestamps (Contact,
 * Registration, ...); `ArloSubResource` is anything else that appears inline (ContactEmployment, a
 * PostalAddress, a nested collection). Both keep everything the XML carried:
 * - `fields`: child elements with only text, by name. A name repeated at one level (the guide's sample
 *   Registration has two `<Status>`) keeps the LAST value, as a deserialiser assigning in document order.
 * - `links`: every `<Link>` (rel, title, href), in document order.
 * - `related`: the content of Links that carry their resource inline (`?expand=`), by Link title; when
 *   several Links with one title are expanded (items of a nested collection), an array in document order.
 * - `nested`: other child elements that have children of their own (e.g. a merge request's
 *   `SourceContactInfo`), by name, always arrays.
 */
import { isArloTimestamp, type ArloTimestamp } from '../domain/arlo-timestamp';
import { RESOURCE_TYPES, isResourceIdOf, isResourceType } from '../domain/resource-types';

import { ArloShapeError } from './shape-error';
import { isLeaf, type XmlElement } from './xml-tree';

export interface ArloLink {
  readonly rel: string;
  readonly title?: string;
  readonly href: string;
}

export type ArloRepresentation = ArloEntity | ArloSubResource;
export type ArloRelated = ArloRepresentation | readonly ArloRepresentation[];

interface ArloContent {
  readonly fields: Readonly<Record<string, string>>;
  readonly links: readonly ArloLink[];
  readonly related: Readonly<Record<string, ArloRelated>>;
  readonly nested: Readonly<Record<string, readonly ArloSubResource[]>>;
}

export interface ArloSubResource extends ArloContent {
  /** The element name, e.g. `ContactEmployment`. */
  readonly element: string;
}

export interface ArloEntity extends ArloContent {
  /** The element name, a key of RESOURCE_TYPES (e.g. `Contact`). */
  readonly resourceType: string;
  /** Integer or GUID, as a string (the type's ID field, e.g. `ContactID`). */
  readonly id: string;
  /** As sent, up to 7 fractional digits. */
  readonly createdDateTime?: ArloTimestamp;
  /**
   * As sent, up to 7 fractional digits (never round-tripped through Date). Resources that are never
   * modified after creation and carry only `CreatedDateTime` (merge requests, presumably) get that value.
   */
  readonly lastModifiedDateTime: ArloTimestamp;
}

export const LINK = 'Link';
/** Link rels that navigate a collection rather than name an item or a related resource. */
const NAVIGATION_RELS = new Set(['self', 'next', 'previous', 'prev', 'first', 'last']);

export function isNavigationLink(link: ArloLink): boolean {
  return NAVIGATION_RELS.has(link.rel);
}

export function isArloEntity(value: ArloRelated): value is ArloEntity {
  return !Array.isArray(value) && 'resourceType' in value;
}

/** Parse an element as a resource of a known type; `expectedType` also checks the element name. */
export function parseEntity(element: XmlElement, expectedType?: string): ArloEntity {
  if (expectedType !== undefined && element.name !== expectedType) {
    throw new ArloShapeError(`expected a <${expectedType}> representation, got <${element.name}>`);
  }
  const resourceType = element.name;
  if (!isResourceType(resourceType)) {
    throw new ArloShapeError(`<${resourceType}> is not a resource type arlo-sync knows`);
  }
  const content = parseContent(element);
  const idField = RESOURCE_TYPES[resourceType].idField;
  const id = content.fields[idField];
  if (!isResourceIdOf(resourceType, id)) {
    throw new ArloShapeError(
      `<${resourceType}> has no valid <${idField}> (got ${JSON.stringify(id ?? null)})`,
    );
  }
  const createdDateTime = timestampField(content, resourceType, 'CreatedDateTime');
  const lastModifiedDateTime =
    timestampField(content, resourceType, 'LastModifiedDateTime') ?? createdDateTime;
  if (lastModifiedDateTime === undefined) {
    throw new ArloShapeError(`<${resourceType}> ${id} has neither LastModifiedDateTime nor CreatedDateTime`);
  }
  return {
    resourceType,
    id,
    ...(createdDateTime !== undefined ? { createdDateTime } : {}),
    lastModifiedDateTime,
    ...content,
  };
}

/** An inline element: an entity when its name is a known resource type, otherwise a sub-resource. */
export function parseRepresentation(element: XmlElement): ArloRepresentation {
  if (isResourceType(element.name)) return parseEntity(element);
  return { element: element.name, ...parseContent(element) };
}

export function parseLink(element: XmlElement): ArloLink {
  const { rel, title, href } = element.attributes;
  if (!rel) throw new ArloShapeError('a <Link> without rel');
  if (!href) throw new ArloShapeError(`the <Link rel="${rel}"> has no href`);
  return title === undefined ? { rel, href } : { rel, title, href };
}

function parseContent(element: XmlElement): ArloContent {
  const fields = new Map<string, string>();
  const links: ArloLink[] = [];
  const related = new Map<string, ArloRepresentation[]>();
  const nested = new Map<string, ArloSubResource[]>();
  for (const child of element.children) {
    if (child.name === LINK) {
      const link = parseLink(child);
      links.push(link);
      const key = link.title ?? link.rel;
      for (const inline of child.children) append(related, key, parseRepresentation(inline));
    } else if (isLeaf(child)) {
      fields.set(child.name, child.text);
    } else {
      append(nested, child.name, { element: child.name, ...parseContent(child) });
    }
  }
  return {
    // fromEntries defines own properties, so no element name can reach a prototype.
    fields: Object.fromEntries(fields),
    links,
    related: Object.fromEntries(
      [...related].map(([key, values]) => [
        key,
        values.length === 1 ? (values[0] as ArloRepresentation) : values,
      ]),
    ),
    nested: Object.fromEntries(nested),
  };
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function timestampField(content: ArloContent, type: string, name: string): ArloTimestamp | undefined {
  const value = content.fields[name];
  if (value === undefined) return undefined;
  if (!isArloTimestamp(value)) {
    throw new ArloShapeError(`<${type}> has an invalid <${name}>: ${JSON.stringify(value)}`);
  }
  return value;
}
