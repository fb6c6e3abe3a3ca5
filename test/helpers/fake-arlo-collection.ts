/**
 * An in-memory Arlo collection that answers `filter`/`orderby`/`skip`/`top` the way the API does, with
 * timestamps stored at 7 fractional digits and filter literals of at most 3 (odata-filter.ts), so the
 * precision trap of api-notes.md is real here. It counts requests and can move records later (an
 * update bumps LastModifiedDateTime), to test walks over a changing collection.
 */
import type { BulkPage, BulkRecord } from '../../src/domain/bulk-cursor';
import { normaliseArloTimestamp } from '../../src/domain/arlo-timestamp';

import { compileFilter, compileOrderBy } from './odata-filter';

export interface ListQuery {
  readonly filter?: string;
  readonly orderby: string;
  readonly skip: number;
  readonly top: number;
}

export class FakeArloCollection {
  private readonly records = new Map<string, BulkRecord>();
  requests = 0;

  constructor(
    private readonly idField: string,
    records: readonly BulkRecord[],
  ) {
    for (const record of records) this.records.set(record.id, record);
  }

  get size(): number {
    return this.records.size;
  }

  ids(): string[] {
    return [...this.records.keys()];
  }

  list(query: ListQuery): BulkPage<BulkRecord> {
    this.requests += 1;
    const matches = compileFilter(query.filter);
    const order = compileOrderBy(query.orderby);
    const rows = [...this.records.values()]
      .map((record) => ({
        record,
        row: {
          LastModifiedDateTime: normaliseArloTimestamp(record.lastModifiedDateTime),
          [this.idField]: record.id,
        },
      }))
      .filter(({ row }) => matches(row))
      .sort((a, b) => order(a.row, b.row));
    const page = rows.slice(query.skip, query.skip + query.top).map(({ record }) => record);
    return { records: page, pageSize: query.top, hasNextLink: query.skip + query.top < rows.length };
  }

  /** An update: the record moves to `lastModifiedDateTime`, which must be later than its current one. */
  touch(id: string, lastModifiedDateTime: string): void {
    const current = this.records.get(id);
    if (!current) throw new Error(`no record ${id}`);
    if (
      normaliseArloTimestamp(lastModifiedDateTime) <= normaliseArloTimestamp(current.lastModifiedDateTime)
    ) {
      throw new Error('an update moves a record later');
    }
    this.records.set(id, { id, lastModifiedDateTime });
  }

  /** The latest LastModifiedDateTime stored, normalised to 7 digits. */
  latest(): string {
    return (
      [...this.records.values()]
        .map((r) => normaliseArloTimestamp(r.lastModifiedDateTime))
        .sort()
        .at(-1) ?? '2000-01-01T00:00:00.0000000Z'
    );
  }
}
