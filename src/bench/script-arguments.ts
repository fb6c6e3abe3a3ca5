/**
 * The positional arguments of the benchmark scripts run by path (`node dist/src/bench/<name>.js N`):
 * a whole number in a range, or an error that names it, the range and what was given.
 */
export function wholeNumberArgument(name: string, position: number, fallback: number, max: number): number {
  const raw = process.argv[position];
  const value = Number(raw ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max.toLocaleString('en-US')}, got ${raw}`);
  }
  return value;
}
