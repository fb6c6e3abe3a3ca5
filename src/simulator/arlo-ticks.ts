/**
 * Conversions between 100 ns ticks and Arlo's 7-digit UTC timestamps (`2018-05-29T00:20:11.3165591Z`).
 * Formatting goes through integer arithmetic, never a float, so no digit is ever lost.
 */
/** 100 ns ticks per millisecond: Arlo's 7 fractional digits. */
export const TICKS_PER_MILLISECOND = 10_000n;

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/;

export function formatTicks(ticks: bigint): string {
  const milliseconds = ticks / TICKS_PER_MILLISECOND;
  const seconds = milliseconds / 1000n;
  const fraction = ticks - seconds * 1000n * TICKS_PER_MILLISECOND;
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 19)}.${fraction.toString().padStart(7, '0')}Z`;
}

/** Parses a timestamp with 0-7 fractional digits and `Z` or a `±hh:mm` offset; undefined if invalid. */
export function parseTicks(value: string): bigint | undefined {
  const match = TIMESTAMP.exec(value);
  if (!match?.[1] || !match[3] || !isRealDateTime(match[1])) return undefined;
  const wholeSeconds = Date.parse(`${match[1]}${match[3] === 'Z' ? 'Z' : match[3]}`);
  if (Number.isNaN(wholeSeconds)) return undefined;
  const fraction = BigInt((match[2] ?? '').padEnd(7, '0'));
  return BigInt(wholeSeconds) * TICKS_PER_MILLISECOND + fraction;
}

/** Date.parse rolls 2013-02-30 over into March; a timestamp must name a real calendar day and time. */
function isRealDateTime(value: string): boolean {
  const [year, month, day, hour, minute, second] = value.split(/[-T:]/).map(Number);
  if ([year, month, day, hour, minute, second].some((n) => n === undefined || Number.isNaN(n))) return false;
  const daysInMonth = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate();
  return (
    (month ?? 0) >= 1 &&
    (month ?? 0) <= 12 &&
    (day ?? 0) >= 1 &&
    (day ?? 0) <= daysInMonth &&
    (hour ?? 0) <= 23 &&
    (minute ?? 0) <= 59 &&
    (second ?? 0) <= 59
  );
}
