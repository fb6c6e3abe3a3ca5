/**
 * Arlo stores CreatedDateTime/LastModifiedDateTime with up to 7 fractional digits
 * (`2018-05-29T00:20:11.3165591Z`), but filter literals accept at most 3 (api-notes.md, "Timestamp
 * precision trap"). Everything that compares or orders timestamps goes through this module so the full
 * precision is never lost by a Date round-trip.
 */
export type ArloTimestamp = string;

const ARLO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$/;

export function isArloTimestamp(value: unknown): value is ArloTimestamp {
  return typeof value === 'string' && ARLO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** `2011-10-19T02:55:42.412Z` → `2011-10-19T02:55:42.4120000Z`: fixed width, so strings sort by time. */
export function normaliseArloTimestamp(value: ArloTimestamp): string {
  const match = ARLO_TIMESTAMP.exec(value);
  if (!match) throw new TypeError(`not an Arlo UTC timestamp: ${JSON.stringify(value)}`);
  return `${match[1]}.${(match[2] ?? '').padEnd(7, '0')}Z`;
}

/** Negative, zero or positive like a comparator, exact to 100 ns (Arlo's 7 digits). */
export function compareArloTimestamps(a: ArloTimestamp, b: ArloTimestamp): number {
  const x = normaliseArloTimestamp(a);
  const y = normaliseArloTimestamp(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The millisecond that contains `value`, as a filter literal accepts it: `2018-05-29T00:20:11.316Z`. */
export function truncateToMillisecond(value: ArloTimestamp): string {
  const normalised = normaliseArloTimestamp(value);
  return `${normalised.slice(0, 23)}Z`;
}
