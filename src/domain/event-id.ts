/**
 * Arlo PlatformEvent IDs are 64-bit integers that already exceed 2^31 on real platforms and may exceed
 * 2^53, where a JS number silently loses precision. They therefore travel as canonical decimal strings
 * everywhere and are compared as BigInt. (See webhooks.txt, "Store the last successfully-processed event ID".)
 */
export type EventId = string;

const MAX_INT64 = (1n << 63n) - 1n;
const CANONICAL_DECIMAL = /^(0|[1-9][0-9]{0,18})$/;

/** True when `value` is a canonical, non-negative decimal string that fits a signed 64-bit integer. */
export function isEventId(value: unknown): value is EventId {
  return typeof value === 'string' && CANONICAL_DECIMAL.test(value) && BigInt(value) <= MAX_INT64;
}

/** Negative, zero or positive like a comparator, exact for every 64-bit ID. */
export function compareEventIds(a: EventId, b: EventId): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function maxEventId(ids: readonly EventId[]): EventId | undefined {
  return ids.reduce<EventId | undefined>(
    (max, id) => (max === undefined || compareEventIds(id, max) > 0 ? id : max),
    undefined,
  );
}

/**
 * A fixed-width, zero-padded form that sorts lexicographically in numeric order. Stored next to the
 * canonical string so MongoDB can compare and index watermarks without a 64-bit numeric type
 * (Int64 over 2^63 does not exist, and Decimal128 is unsupported by some MongoDB-protocol servers).
 */
export function sortableEventId(id: EventId): string {
  return id.padStart(19, '0');
}
