/**
 * Readiness: the receiver is ready only when every dependency answers in time. Each probe gets its own
 * time bound, so one hung dependency cannot hang `/readyz`. Reports say up/down and why in one word;
 * the detail (which may name hosts) goes to the log, not to whoever can reach the port. A report is
 * reused for `maxAgeMs` (calls meanwhile share it, even while its probes run), so however often
 * `/readyz` is called, Temporal and MongoDB are asked at most once per interval.
 */
import type { Logger } from '../logger';

export type ReadinessProbe = (signal: AbortSignal) => Promise<void>;

export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  /** Only when down. */
  readonly reason?: 'timeout' | 'error';
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly dependencies: Readonly<Record<string, DependencyStatus>>;
}

export interface ReadinessChecker {
  check(): Promise<ReadinessReport>;
}

export interface ReadinessOptions {
  readonly probes: Readonly<Record<string, ReadinessProbe>>;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** How long a report is reused, from the moment its probes started; default 0 (never). */
  readonly maxAgeMs?: number;
  /** Milliseconds, for the report's age; default performance.now (tests pass a clock they move). */
  readonly now?: () => number;
}

interface ProbeResult {
  readonly status: DependencyStatus;
  readonly error?: unknown;
}

/** Never rejects: a failure or a timeout is a "down" result carrying the error for the log. */
async function runProbe(probe: ReadinessProbe, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const outcome = await Promise.race([probe(controller.signal).then(() => 'up' as const), timeout]);
    return outcome === 'up'
      ? { status: { status: 'up', latencyMs: elapsed() } }
      : {
          status: { status: 'down', latencyMs: elapsed(), reason: 'timeout' },
          error: new Error(`no answer within ${timeoutMs} ms`),
        };
  } catch (error) {
    return { status: { status: 'down', latencyMs: elapsed(), reason: 'error' }, error };
  } finally {
    clearTimeout(timer);
  }
}

export function createReadinessChecker(options: ReadinessOptions): ReadinessChecker {
  const probes = Object.entries(options.probes);
  const maxAgeMs = options.maxAgeMs ?? 0;
  const now = options.now ?? (() => performance.now());

  async function checkNow(): Promise<ReadinessReport> {
    const results = await Promise.all(
      probes.map(async ([name, probe]) => [name, await runProbe(probe, options.timeoutMs)] as const),
    );
    const dependencies: Record<string, DependencyStatus> = {};
    for (const [name, result] of results) {
      dependencies[name] = result.status;
      if (result.status.status === 'down') {
        options.logger.warn({ dependency: name, err: result.error }, 'readiness probe failed');
      }
    }
    return { ready: results.every(([, r]) => r.status.status === 'up'), dependencies };
  }

  let latest: { readonly startedAt: number; readonly report: Promise<ReadinessReport> } | undefined;
  return {
    check() {
      const startedAt = now();
      if (latest === undefined || startedAt - latest.startedAt >= maxAgeMs) {
        latest = { startedAt, report: checkNow() };
      }
      return latest.report;
    },
  };
}
