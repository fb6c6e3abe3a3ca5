/**
 * One line per check, ✓ / ! / ✗ / - , with the fix under a failure or warning. Pure: the report's shape
 * and exit code are decided here, the checks only gather facts.
 */
export const CHECK_STATUSES = ['ok', 'warn', 'fail', 'skipped'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do about a failure or warning. */
  readonly fix?: string;
}

const MARKS: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗', skipped: '-' };

export function ok(name: string, detail: string): CheckResult {
  return { name, status: 'ok', detail };
}
export function warn(name: string, detail: string, fix: string): CheckResult {
  return { name, status: 'warn', detail, fix };
}
export function fail(name: string, detail: string, fix: string): CheckResult {
  return { name, status: 'fail', detail, fix };
}
export function skipped(name: string, detail: string): CheckResult {
  return { name, status: 'skipped', detail };
}

export function formatCheck(result: CheckResult): string[] {
  const line = `${MARKS[result.status]} ${result.name}: ${result.detail}`;
  return result.fix && result.status !== 'ok' ? [line, `    fix: ${result.fix}`] : [line];
}

export function formatReport(results: readonly CheckResult[]): string[] {
  const counts = CHECK_STATUSES.map((status) => [status, results.filter((r) => r.status === status).length]);
  const summary = counts
    .filter(([, n]) => n !== 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return [...results.flatMap(formatCheck), '', `${summary}.`];
}

/** Non-zero when anything failed; warnings alone (an idle platform, say) do not fail the command. */
export function doctorExitCode(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

/** `42 s`, `5 min`, `3.5 h`, `2.0 d`: enough precision to judge staleness at a glance. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** The check's own promise, or a failure after `ms`: one stuck server must not hang the whole report. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
