/**
 * The batching rules of the pull path, in one worker process: per-event requests for one platform join
 * a queue, and leave it as batches, each fetched with ONE PlatformEvents query (one request of the
 * platform's shared budget, see event-fetch.ts). Pure bookkeeping: the caller supplies what a batch
 * does and how time passes, so the rules are tested without Temporal.
 *
 * The rules:
 *  - a request for an event already queued or in flight joins it (one fetch, every waiter answered);
 *  - a batch's outcomes are remembered for `rememberMs`: a request for an event fetched that recently is
 *    answered from memory (the event's workflow task timed out on a busy worker after its fetch, and
 *    its re-run asks again: it must not cost a second query);
 *  - both only for the same asker (`sameAsker`): an outcome fetched for one asker can be wrong for
 *    another (the pull path's outcome is "duplicate" for any workflow run but the one that recorded the
 *    event), so another asker's request waits for that fetch to settle and then goes in a batch of its own;
 *  - a batch leaves as soon as `maxEventsPerBatch` ready requests wait (high load: no waiting at all),
 *    otherwise `windowMs` after the first request of a part-filled batch (low load: a callback's
 *    events, started one by one, still leave together) or as soon as every callback its requests came
 *    in has all its events here (./callback-arrivals.ts: nothing more is coming), and never sooner
 *    than `minIntervalMs` after the previous batch left (moderate load: events arriving steadily share
 *    a query instead of leaving a few at a time, each spending a request of the platform's budget);
 *  - at most `maxBatchesInFlight` batches run at once; the queue meanwhile fills the next ones;
 *  - an event about a record that an in-flight batch is writing waits for that batch to finish, so two
 *    batches never write one record at once (FerretDB runs the mirror's newest-wins write as
 *    read-then-write, where an older fetch could otherwise land last).
 */
import { CallbackArrivals, type CallbackOfEvent } from './callback-arrivals';

/** What the coalescer needs of a request; callers may carry more (their batch receives it as given). */
export interface CoalescedFetchRequest {
  readonly eventId: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The webhook callback that delivered the event, when known (absent: its batch waits the window). */
  readonly callback?: CallbackOfEvent;
}

export interface EventFetchCoalescerOptions<Outcome, Request extends CoalescedFetchRequest> {
  readonly windowMs: number;
  readonly maxEventsPerBatch: number;
  readonly maxBatchesInFlight: number;
  /** Least milliseconds between the departures of two part-filled batches (0: no spacing). */
  readonly minIntervalMs?: number;
  /** Fetches one batch; the map holds each event's outcome (an event missing from it resolves `undefined`). */
  readonly runBatch: (batch: readonly Request[]) => Promise<ReadonlyMap<string, Outcome>>;
  /** How long a fetched event's outcome answers a repeated request for it. */
  readonly rememberMs: number;
  /** Whether the outcome fetched for `first` answers `later` (same event) too. Default: always. */
  readonly sameAsker?: (first: Request, later: Request) => boolean;
  /** Runs `fire` after `ms` milliseconds; returns a function that cancels it. Default: setTimeout. */
  readonly startTimer?: (ms: number, fire: () => void) => () => void;
  /** The current time in milliseconds. Default: Date.now. */
  readonly now?: () => number;
}

interface Waiting<Outcome, Request> {
  readonly request: Request;
  readonly resolvers: { resolve(o: Outcome | undefined): void; reject(e: unknown): void }[];
}

const realTimer = (ms: number, fire: () => void) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

export class EventFetchCoalescer<Outcome, Request extends CoalescedFetchRequest = CoalescedFetchRequest> {
  private readonly queued = new Map<string, Waiting<Outcome, Request>>();
  private readonly inFlight = new Map<string, Waiting<Outcome, Request>>();
  /** Recently fetched outcomes by event ID, oldest first (each entry is re-inserted when refreshed). */
  private readonly remembered = new Map<
    string,
    { request: Request; outcome: Outcome | undefined; until: number }
  >();
  /** Records an in-flight batch writes, and how many of its events are about each. */
  private readonly busyResources = new Map<string, number>();
  private batchesInFlight = 0;
  /** The timer a part-filled batch waits on, and when it fires (the clock of `now`). */
  private windowTimer: { cancel: () => void; at: number } | undefined;
  /** The part-filled batch waited its window (or behind a full pipeline): it leaves at the next chance. */
  private windowElapsed = false;
  /** When the last batch left (the clock of `now`); part-filled batches keep `minIntervalMs` from it. */
  private lastLaunchAt = Number.NEGATIVE_INFINITY;
  private readonly startTimer: (ms: number, fire: () => void) => () => void;
  private readonly now: () => number;
  private readonly callbacks: CallbackArrivals;

  constructor(private readonly options: EventFetchCoalescerOptions<Outcome, Request>) {
    if (options.maxEventsPerBatch < 1 || options.maxBatchesInFlight < 1) {
      throw new RangeError('an event fetch coalescer needs maxEventsPerBatch and maxBatchesInFlight ≥ 1');
    }
    this.startTimer = options.startTimer ?? realTimer;
    this.now = options.now ?? Date.now;
    this.callbacks = new CallbackArrivals(this.now);
  }

  /** Resolves with the event's outcome once its batch is fetched; rejects with the batch's failure. */
  fetch(request: Request): Promise<Outcome | undefined> {
    this.forgetExpired();
    const remembered = this.remembered.get(request.eventId);
    if (remembered && this.sameAsker(remembered.request, request)) return Promise.resolve(remembered.outcome);
    return new Promise((resolve, reject) => {
      const known = this.inFlight.get(request.eventId) ?? this.queued.get(request.eventId);
      if (known && !this.sameAsker(known.request, request)) {
        // Another asker's fetch of this event: once it settles, this request goes in a batch of its own.
        const askAgain = () => void this.fetch(request).then(resolve, reject);
        known.resolvers.push({ resolve: askAgain, reject: askAgain });
        return;
      }
      if (known) {
        known.resolvers.push({ resolve, reject });
        return;
      }
      this.queued.set(request.eventId, { request, resolvers: [{ resolve, reject }] });
      this.callbacks.note(request.eventId, request.callback);
      this.dispatch();
    });
  }

  /** What waits and what runs, for logs and tests. */
  state(): { queued: number; inFlight: number; batchesInFlight: number; remembered: number } {
    this.forgetExpired();
    return {
      queued: this.queued.size,
      inFlight: this.inFlight.size,
      batchesInFlight: this.batchesInFlight,
      remembered: this.remembered.size,
    };
  }

  private sameAsker(first: Request, later: Request): boolean {
    return this.options.sameAsker?.(first, later) ?? true;
  }

  private remember(request: Request, outcome: Outcome | undefined): void {
    if (this.options.rememberMs <= 0) return;
    this.remembered.delete(request.eventId);
    this.remembered.set(request.eventId, { request, outcome, until: this.now() + this.options.rememberMs });
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [eventId, { until }] of this.remembered) {
      if (until > now) return;
      this.remembered.delete(eventId);
    }
  }

  private readyRequests(): Waiting<Outcome, Request>[] {
    const ready: Waiting<Outcome, Request>[] = [];
    for (const waiting of this.queued.values()) {
      if (this.busyResources.has(resourceKey(waiting.request))) continue;
      ready.push(waiting);
      if (ready.length === this.options.maxEventsPerBatch) break;
    }
    return ready;
  }

  private dispatch(): void {
    for (;;) {
      const ready = this.readyRequests();
      if (ready.length === 0) {
        this.windowElapsed = false;
        return;
      }
      const full = ready.length >= this.options.maxEventsPerBatch;

      // A part-filled batch: give the rest of its callbacks a moment to arrive (unless all of them have),
      // and keep its distance from the previous batch.
      const spacing = this.lastLaunchAt + (this.options.minIntervalMs ?? 0) - this.now();
      const callbacksHere = ready.every(({ request }) => this.callbacks.allArrived(request.callback));
      const wait = callbacksHere ? spacing : Math.max(this.options.windowMs, spacing);
      if (!full && !this.windowElapsed && wait > 0) {
        this.waitUntil(this.now() + wait);
        return;
      }
      // Ready to leave, but every slot is taken: it leaves when a batch finishes.
      if (this.batchesInFlight >= this.options.maxBatchesInFlight) return;
      this.windowTimer?.cancel();
      this.windowTimer = undefined;
      this.windowElapsed = false;
      this.launch(ready);
    }
  }

  /** Dispatches again at `at`, or at the earlier time a timer already waits for. */
  private waitUntil(at: number): void {
    if (this.windowTimer && this.windowTimer.at <= at) return;
    this.windowTimer?.cancel();
    const cancel = this.startTimer(at - this.now(), () => {
      this.windowTimer = undefined;
      this.windowElapsed = true;
      this.dispatch();
    });
    this.windowTimer = { cancel, at };
  }

  private launch(batch: Waiting<Outcome, Request>[]): void {
    this.lastLaunchAt = this.now();
    for (const waiting of batch) {
      this.queued.delete(waiting.request.eventId);
      this.inFlight.set(waiting.request.eventId, waiting);
      const key = resourceKey(waiting.request);
      this.busyResources.set(key, (this.busyResources.get(key) ?? 0) + 1);
    }
    this.batchesInFlight += 1;
    const settle = (answer: (waiting: Waiting<Outcome, Request>) => void) => {
      this.batchesInFlight -= 1;
      for (const waiting of batch) {
        this.inFlight.delete(waiting.request.eventId);
        const key = resourceKey(waiting.request);
        const left = (this.busyResources.get(key) ?? 1) - 1;
        if (left > 0) this.busyResources.set(key, left);
        else this.busyResources.delete(key);
        answer(waiting);
      }
      // A full batch that queued meanwhile goes now; a part-filled one when its window has passed.
      this.dispatch();
    };
    this.options.runBatch(batch.map((w) => w.request)).then(
      (outcomes) =>
        settle((w) => {
          const outcome = outcomes.get(w.request.eventId);
          this.remember(w.request, outcome);
          w.resolvers.forEach((r) => r.resolve(outcome));
        }),
      (error: unknown) => settle((w) => w.resolvers.forEach((r) => r.reject(error))),
    );
  }
}

function resourceKey(request: CoalescedFetchRequest): string {
  return `${request.resourceType}:${request.resourceId}`;
}
