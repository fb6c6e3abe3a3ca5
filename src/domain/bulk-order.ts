/**
 * The order a bulk walk reads a collection in, (LastModifiedDateTime at full precision, then integer ID),
 * and the checks that a page keeps to its query's contract: a server that answers unordered or outside
 * the filter is stopped with a BulkCursorError, never guessed around (bulk-cursor.ts walks this order).
 */
import {
  compareArloTimestamps,
  isArloTimestamp,
  truncateToMillisecond,
  type ArloTimestamp,
} from './arlo-timestamp';

/** The two fields the cursor reads; `ArloEntity` has both. */
export interface BulkRecord {
  readonly id: string;
  readonly lastModifiedDateTime: ArloTimestamp;
}

/** A place in the (LastModifiedDateTime, ID) order: every record at or before it was returned. */
export interface BulkPosition {
  readonly lastModifiedDateTime: ArloTimestamp;
  readonly id: string;
}

/** The server answered outside the query's contract (unordered, outside the filter): stop, don't guess. */
export class BulkCursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BulkCursorError';
  }
}

/** Order of (LastModifiedDateTime at full precision, then integer ID), as the server sorts. */
export function comparePositions(a: BulkPosition, b: BulkPosition): number {
  return compareArloTimestamps(a.lastModifiedDateTime, b.lastModifiedDateTime) || compareIds(a.id, b.id);
}

export function nextMillisecond(millisecond: string): string {
  return new Date(Date.parse(millisecond) + 1).toISOString();
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function position(record: BulkRecord): BulkPosition {
  return { lastModifiedDateTime: record.lastModifiedDateTime, id: record.id };
}

export function checkRecord(record: BulkRecord): void {
  if (!/^[1-9][0-9]{0,18}$/.test(record.id)) {
    throw new BulkCursorError(
      `record ID ${JSON.stringify(record.id)} is not an integer: the bulk walk needs integer IDs`,
    );
  }
  if (!isArloTimestamp(record.lastModifiedDateTime)) {
    throw new BulkCursorError(`record ${record.id} has no valid LastModifiedDateTime`);
  }
}

export function checkMainPage(
  from: string | undefined,
  until: string | undefined,
  records: readonly BulkRecord[],
): void {
  records.forEach((record, index) => {
    if (from !== undefined && compareArloTimestamps(record.lastModifiedDateTime, from) < 0) {
      throw new BulkCursorError(`record ${record.id} is before ${from}: the server ignored the filter`);
    }
    if (until !== undefined && compareArloTimestamps(record.lastModifiedDateTime, until) >= 0) {
      throw new BulkCursorError(`record ${record.id} is not before ${until}: the server ignored the filter`);
    }
    const previous = records[index - 1];
    if (previous !== undefined && comparePositions(previous, record) >= 0) {
      throw new BulkCursorError(
        `records ${previous.id} and ${record.id} are out of (LastModifiedDateTime, ID) order`,
      );
    }
  });
}

export function checkDrainPage(
  millisecond: string,
  afterId: string | undefined,
  records: readonly BulkRecord[],
): void {
  records.forEach((record, index) => {
    if (truncateToMillisecond(record.lastModifiedDateTime) !== millisecond) {
      throw new BulkCursorError(`record ${record.id} is outside the drained millisecond ${millisecond}`);
    }
    const previousId = index === 0 ? afterId : records[index - 1]?.id;
    if (previousId !== undefined && compareIds(previousId, record.id) >= 0) {
      throw new BulkCursorError(
        `record ${record.id} is not after ID ${previousId}: the server ignored the ID order or filter`,
      );
    }
  });
}
