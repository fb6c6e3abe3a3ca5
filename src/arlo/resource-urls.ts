/**
 * Paths under the Auth API root, and their query strings. Every href Arlo uses ends with `/`
 * (api-notes.md). Query values are percent-encoded except `,` `/` `:` (RFC 3986 allows them in a query
 * and the guides show them literally, e.g. `expand=PlatformEvent,PlatformEvent/Link`), so URLs stay
 * readable in logs. (The URL parser itself writes `'` as `%27`; servers decode both forms alike.)
 */
import { RESOURCE_TYPES, isResourceIdOf, isResourceType, type ResourceType } from '../domain/resource-types';

export function collectionPath(type: ResourceType): string {
  return `${RESOURCE_TYPES[type].collection}/`;
}

export function resourcePath(type: ResourceType, id: string): string {
  if (!isResourceIdOf(type, id)) {
    throw new RangeError(
      `${JSON.stringify(id)} is not a ${type} ID (${RESOURCE_TYPES[type].idKind === 'guid' ? 'a GUID' : 'a positive integer'})`,
    );
  }
  return `${collectionPath(type)}${id}/`;
}

export type QueryValue = string | number | readonly string[] | undefined;

/** `path?name=value&...`, skipping undefined values; arrays are comma-joined (expand lists). */
export function withQuery(path: string, query: Readonly<Record<string, QueryValue>>): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, Exclude<QueryValue, undefined>] => entry[1] !== undefined)
    .map(
      ([name, value]) =>
        `${name}=${encodeQueryValue(Array.isArray(value) ? value.join(',') : String(value))}`,
    );
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`;
}

export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}

const EXPAND_PATH = /^[A-Za-z]+(\/[A-Za-z]+)*$/;

/** Validated `expand` titles (`Employment`, `PlatformEvent/Link`), or undefined when none. */
export function expandList(expand: readonly string[] | undefined): readonly string[] | undefined {
  if (expand === undefined || expand.length === 0) return undefined;
  for (const title of expand) {
    if (!EXPAND_PATH.test(title)) {
      throw new RangeError(
        `expand entry ${JSON.stringify(title)} must be Link titles joined by "/", e.g. Employment or PlatformEvent/Link`,
      );
    }
  }
  return expand;
}

/** `top` and `skip` as Arlo pages them: 1..250 per page (Arlo's own plugin caps at 250), skip from 0. */
export function pagingQuery(paging: { readonly skip?: number; readonly top?: number }): {
  skip?: number;
  top?: number;
} {
  const { skip, top } = paging;
  if (top !== undefined && (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE)) {
    throw new RangeError(`top must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${top}`);
  }
  if (skip !== undefined && (!Number.isInteger(skip) || skip < 0)) {
    throw new RangeError(`skip must be a non-negative integer, got ${skip}`);
  }
  return { ...(skip !== undefined ? { skip } : {}), ...(top !== undefined ? { top } : {}) };
}

export const MAX_PAGE_SIZE = 250;

/**
 * The resource an absolute href names, when it is `{base}{collection}/{id}/` of a known type (e.g. the
 * Location of a 308 or a 201). Undefined for anything else.
 */
export function parseResourceHref(
  baseUrl: string,
  href: string,
): { resourceType: ResourceType; id: string } | undefined {
  if (!href.startsWith(baseUrl)) return undefined;
  const match = /^([a-z]+)\/([^/?#]+)\/?$/.exec(href.slice(baseUrl.length));
  if (!match) return undefined;
  const [, collection = '', id = ''] = match;
  const resourceType = Object.keys(RESOURCE_TYPES).find(
    (type): type is ResourceType => isResourceType(type) && RESOURCE_TYPES[type].collection === collection,
  );
  return resourceType !== undefined && isResourceIdOf(resourceType, id) ? { resourceType, id } : undefined;
}
