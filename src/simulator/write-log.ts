/**
 * Every write request the API received (POST, PATCH, PUT, DELETE), with its body as sent and the status
 * it got, so tests and benchmarks can compare what a client sent with what the guide documents (e.g. the
 * RFC 5261 diff of a PATCH). Bounded: the oldest entries go first.
 */
export interface WriteLogEntry {
  readonly method: string;
  /** The route pattern, as the request counters name it (e.g. `/contacts/:id/`). */
  readonly route: string;
  /** Path and query as requested. */
  readonly url: string;
  /** Final status; 0 when the simulator dropped the connection on purpose. */
  readonly status: number;
  /** The XML body as received; absent when none was read (e.g. rejected before the handler). */
  readonly body?: string;
}

const KEPT = 10_000;

export class WriteLog {
  private entries: WriteLogEntry[] = [];

  record(entry: WriteLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > KEPT) this.entries.splice(0, this.entries.length - KEPT);
  }

  list(): WriteLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
