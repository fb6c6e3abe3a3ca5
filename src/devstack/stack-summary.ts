/**
 * The line `arlo-sync up` prints every few seconds instead of a line per webhook: what the stack did
 * since the last one. Read from what operators scrape anyway: the worker's and the receiver's
 * Prometheus `/metrics`, and Temporal's visibility for running bulk walks.
 */
export interface StackCounts {
  /** Events applied to the mirror (worker: arlo_sync_mirror_writes_total). */
  readonly eventsSynced: number;
  /** Events of accepted callbacks the receiver started workflows for. */
  readonly eventsReceived: number;
  /** Push requests answered (receiver: arlo_sync_pushes_total). */
  readonly pushes: number;
  /** Bulk walks running now; undefined when Temporal could not say. */
  readonly walksRunning: number | undefined;
}

/** Sum of every sample of `metric` in a Prometheus text exposition, optionally only those whose labels match. */
export function sumMetric(
  text: string,
  metric: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric) || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== metric) continue;
    const labelText = match[2] ?? '';
    if (!Object.entries(labels).every(([name, value]) => labelText.includes(`${name}="${value}"`))) continue;
    const value = Number(match[3]);
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

export function countsFromMetrics(
  workerMetrics: string,
  receiverMetrics: string,
  walksRunning: number | undefined,
): StackCounts {
  return {
    eventsSynced: sumMetric(workerMetrics, 'arlo_sync_mirror_writes_total'),
    eventsReceived: sumMetric(receiverMetrics, 'arlo_sync_webhook_events_total', { outcome: 'started' }),
    pushes: sumMetric(receiverMetrics, 'arlo_sync_pushes_total'),
    walksRunning,
  };
}

/** One line: what changed between two readings `seconds` apart, and the totals. */
export function describeSummary(previous: StackCounts, current: StackCounts, seconds: number): string {
  // A process restarted in between starts its counters at zero again: count nothing rather than less.
  const since = (now: number, before: number) => Math.max(0, now - before);
  const synced = since(current.eventsSynced, previous.eventsSynced);
  const received = since(current.eventsReceived, previous.eventsReceived);
  const pushes = since(current.pushes, previous.pushes);
  const walks =
    current.walksRunning === undefined
      ? ''
      : `, ${current.walksRunning} bulk walk${current.walksRunning === 1 ? '' : 's'} running`;
  return (
    `last ${seconds} s: ${received} event${received === 1 ? '' : 's'} received, ${synced} synced to the mirror, ` +
    `${pushes} push${pushes === 1 ? '' : 'es'}${walks} (since start: ${current.eventsSynced} synced, ` +
    `${current.pushes} pushes)`
  );
}
