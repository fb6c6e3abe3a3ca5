/**
 * The Temporal server's persistence calls over a span of a benchmark, read from the server's own
 * Prometheus metrics (`persistence_requests`, `persistence_latency_sum`): how many calls an event cost,
 * and how many were in persistence on average (the latencies' sum over the span's wall time, Little's
 * law).
 *
 * Why it is read: the embedded dev server keeps its state in SQLite through ONE open connection (the
 * server's SQLite plugin sets it so, to avoid "database is locked"), so every workflow start, task
 * completion and timer read waits its turn there, and a reported latency includes that wait. A
 * callback's acknowledgement is ten workflow starts in that queue; a path whose workflows keep more
 * calls in it acknowledges more slowly at the same offered rate, whatever the CPU's share.
 */
import { sumMetric } from '../devstack/stack-summary';

export interface PersistenceReading {
  readonly requests: number;
  readonly latencySeconds: number;
}

export interface PersistenceFigures {
  /** Persistence calls the server made per completed event. */
  readonly requestsPerEvent: number;
  /** Calls in persistence (running or waiting for the connection) on average over the span. */
  readonly callsInPersistence: number;
}

/** One reading of the counters; undefined when the server's metrics cannot be read. */
export async function readPersistence(metricsUrl: string): Promise<PersistenceReading | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return undefined;
    return persistenceReading(await response.text());
  } catch {
    return undefined;
  }
}

export function persistenceReading(exposition: string): PersistenceReading {
  return {
    requests: sumMetric(exposition, 'persistence_requests'),
    latencySeconds: sumMetric(exposition, 'persistence_latency_sum'),
  };
}

/** What happened between two readings `wallMs` apart, in which `events` events completed. */
export function persistenceBetween(
  before: PersistenceReading,
  after: PersistenceReading,
  events: number,
  wallMs: number,
): PersistenceFigures {
  return {
    requestsPerEvent: (after.requests - before.requests) / Math.max(1, events),
    callsInPersistence: ((after.latencySeconds - before.latencySeconds) * 1000) / Math.max(1, wallMs),
  };
}
