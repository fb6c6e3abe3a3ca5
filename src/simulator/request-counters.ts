/**
 * API requests counted per endpoint (method + route pattern, e.g. `GET /contacts/:id/`) and per status,
 * so benchmarks can report how many Arlo calls arlo-sync spent per synchronised record.
 */
export interface EndpointCount {
  total: number;
  byStatus: Record<string, number>;
}

export interface CountersSnapshot {
  total: number;
  byStatus: Record<string, number>;
  byEndpoint: Record<string, EndpointCount>;
  /**
   * The 429s the enforced budget (the `rateLimit` knob) answered; `byStatus` also counts the injected
   * ones (`burst429`), so this tells a client that broke the budget from a fault.
   */
  rateLimited: number;
}

export class RequestCounters {
  private snapshotValue: CountersSnapshot = empty();

  /** `status` 0 marks a connection the simulator dropped on purpose. */
  record(endpoint: string, status: number): void {
    const key = String(status);
    const counts = this.snapshotValue;
    counts.total++;
    counts.byStatus[key] = (counts.byStatus[key] ?? 0) + 1;
    const entry = (counts.byEndpoint[endpoint] ??= { total: 0, byStatus: {} });
    entry.total++;
    entry.byStatus[key] = (entry.byStatus[key] ?? 0) + 1;
  }

  /** A request the enforced budget refused (its status is recorded by `record` too). */
  recordRateLimited(): void {
    this.snapshotValue.rateLimited++;
  }

  snapshot(): CountersSnapshot {
    return structuredClone(this.snapshotValue);
  }

  reset(): void {
    this.snapshotValue = empty();
  }
}

function empty(): CountersSnapshot {
  return { total: 0, byStatus: {}, byEndpoint: {}, rateLimited: 0 };
}
