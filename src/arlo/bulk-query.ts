/**
 * The bulk walk's queries in Arlo's filter syntax, for the cursor of src/domain/bulk-cursor.ts, and the
 * bridge from a collection page back to the cursor. Filter literals carry milliseconds only (3 digits),
 * which is all the cursor ever needs: it only filters on millisecond boundaries and IDs.
 */
import { nextBulkQuery, type BulkCursor, type BulkPage, type BulkQuery } from '../domain/bulk-cursor';
import { RESOURCE_TYPES, type BulkResourceType } from '../domain/resource-types';

import type { CollectionPage } from './collections';
import type { ArloEntity } from './entities';
import { ArloMalformedResponseError } from './errors';
import { MAX_PAGE_SIZE } from './resource-urls';

export interface BulkPageRequest {
  readonly filter?: string;
  readonly orderby: string;
  readonly skip: 0;
  readonly top: number;
}

const LAST_MODIFIED = 'LastModifiedDateTime';

/** `datetime('2013-07-16T23:57:12.943Z')`; refuses anything finer than a millisecond. */
export function datetimeLiteral(millisecond: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(millisecond)) {
    throw new RangeError(
      `filter literals take milliseconds (YYYY-MM-DDTHH:MM:SS.mmmZ), got ${JSON.stringify(millisecond)}`,
    );
  }
  return `datetime('${millisecond}')`;
}

/** The filter and order of one query. */
export function bulkFilter(type: BulkResourceType, query: BulkQuery): { filter?: string; orderby: string } {
  const idField = RESOURCE_TYPES[type].idField;
  if (query.kind === 'main') {
    const orderby = `${LAST_MODIFIED} ASC,${idField} ASC`;
    const parts = [
      ...(query.from !== undefined ? [`${LAST_MODIFIED} ge ${datetimeLiteral(query.from)}`] : []),
      ...(query.until !== undefined ? [`${LAST_MODIFIED} lt ${datetimeLiteral(query.until)}`] : []),
    ];
    return parts.length === 0 ? { orderby } : { filter: parts.join(' AND '), orderby };
  }
  const parts = [
    `${LAST_MODIFIED} ge ${datetimeLiteral(query.millisecond)}`,
    `${LAST_MODIFIED} lt ${datetimeLiteral(query.nextMillisecond)}`,
    ...(query.afterId !== undefined ? [`${idField} gt ${integerLiteral(query.afterId)}`] : []),
  ];
  return { filter: parts.join(' AND '), orderby: `${idField} ASC` };
}

/** The `listPage` options for the cursor's next page, or undefined when the walk is done. */
export function bulkPageRequest(cursor: BulkCursor, pageSize: number): BulkPageRequest | undefined {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`page size must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const query = nextBulkQuery(cursor);
  if (query === undefined) return undefined;
  return { ...bulkFilter(cursor.resourceType, query), skip: 0, top: pageSize };
}

/**
 * A collection page as the cursor reads it. Every item must be expanded: an item known only by its href
 * would be skipped silently, so that is refused instead.
 */
export function bulkPageFrom(page: CollectionPage, pageSize: number): BulkPage<ArloEntity> {
  if (page.items.length !== page.itemHrefs.length) {
    throw new ArloMalformedResponseError(
      undefined,
      200,
      `${page.itemHrefs.length - page.items.length} of ${page.itemHrefs.length} items were not expanded; the bulk walk needs every record inline`,
    );
  }
  return { records: page.items, pageSize, hasNextLink: page.nextHref !== undefined };
}

function integerLiteral(id: string): string {
  if (!/^[1-9][0-9]{0,18}$/.test(id)) throw new RangeError(`${JSON.stringify(id)} is not an integer ID`);
  return id;
}
