/**
 * Sends PlatformEvents to registered endpoints as Arlo does (webhooks.txt): per endpoint, events queue in
 * ID order and travel at most 10 per callback, one callback in flight at a time, signed, with a timeout
 * and up to `maxRetries` retries (exponential backoff); a batch that exhausts its retries is abandoned
 * and recorded. The queue waits while a batch is being retried, so without fault knobs an endpoint sees
 * events in ID order. Knobs add duplicates, reordering and silent drops; pause/resume simulate an outage
 * of the sender; `waitIdle`/`flush` let tests await "everything delivered".
 */
import type { PlatformEvent } from '../event-log';
import type { Knobs } from '../knobs';
import type { Prng } from '../prng';
import { attemptCallback, attemptEntry, type Batch } from './callback-attempt';
import { CallbackPoster } from './callback-poster';
import { DeliveryLog, type DeliveryOutcome } from './delivery-log';
import type { EndpointRegistry, WebhookEndpoint } from './endpoint-registry';

export const MAX_EVENTS_PER_CALLBACK = 10;

interface EndpointQueue {
  readonly endpointId: string;
  readonly pending: PlatformEvent[];
  current: Batch | undefined;
  inFlight: boolean;
  timer: NodeJS.Timeout | undefined;
  /** What the timer will do: start the next batch, or retry the current one. */
  timerPurpose: 'batch' | 'retry' | undefined;
}

export interface DispatcherDeps {
  readonly platform: string;
  readonly registry: EndpointRegistry;
  readonly knobs: () => Knobs['webhooks'];
  readonly prng: Prng;
  readonly onError?: (error: unknown) => void;
}

export class WebhookDispatcher {
  readonly log = new DeliveryLog();
  private readonly queues = new Map<string, EndpointQueue>();
  private readonly poster = new CallbackPoster();
  private readonly idleWaiters = new Set<() => void>();
  private paused = false;
  private closed = false;
  private nextBatchId = 1;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Called for every new PlatformEvent. */
  enqueue(event: PlatformEvent): void {
    if (this.closed) return;
    const type = `${event.resourceType}.${event.type}`;
    if (event.type === 'Deleted' && !this.deps.knobs().deliverDeletedEvents) return;
    for (const endpoint of this.deps.registry.list()) {
      if (!this.deps.registry.wants(endpoint, type)) continue;
      const queue = this.queueOf(endpoint);
      queue.pending.push(event);
      this.schedule(queue);
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const queue of this.queues.values()) this.schedule(queue);
    this.notifyIfIdle();
  }

  isPaused(): boolean {
    return this.paused;
  }

  /**
   * Idle: no callback in flight and, unless delivery is paused, nothing queued, waiting for a batch
   * window or waiting to be retried. While paused, only an in-flight callback keeps it busy.
   */
  isIdle(): boolean {
    for (const queue of this.queues.values()) {
      if (queue.inFlight) return false;
      if (this.paused) continue;
      if (queue.timer !== undefined || queue.current !== undefined || queue.pending.length > 0) return false;
    }
    return true;
  }

  /** Resolves true once idle, false if `timeoutMs` passes first. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(onIdle);
        resolve(idle);
      };
      const onIdle = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.idleWaiters.add(onIdle);
    });
  }

  /** Skips every pending batch window and retry backoff, then waits until idle. */
  flush(timeoutMs: number): Promise<boolean> {
    for (const queue of this.queues.values()) {
      if (queue.timer === undefined) continue;
      clearTimeout(queue.timer);
      const purpose = queue.timerPurpose;
      queue.timer = undefined;
      queue.timerPurpose = undefined;
      if (purpose === 'retry') this.send(queue);
      else this.startNext(queue);
    }
    return this.waitIdle(timeoutMs);
  }

  forgetEndpoint(endpointId: string): void {
    const queue = this.queues.get(endpointId);
    if (queue?.timer) clearTimeout(queue.timer);
    this.queues.delete(endpointId);
    this.notifyIfIdle();
  }

  close(): void {
    this.closed = true;
    for (const queue of this.queues.values()) if (queue.timer) clearTimeout(queue.timer);
    this.queues.clear();
    this.poster.close();
    this.notifyIfIdle();
  }

  private queueOf(endpoint: WebhookEndpoint): EndpointQueue {
    let queue = this.queues.get(endpoint.id);
    if (!queue) {
      queue = {
        endpointId: endpoint.id,
        pending: [],
        current: undefined,
        inFlight: false,
        timer: undefined,
        timerPurpose: undefined,
      };
      this.queues.set(endpoint.id, queue);
    }
    return queue;
  }

  private schedule(queue: EndpointQueue): void {
    if (this.closed || this.paused || queue.inFlight || queue.timer !== undefined) {
      this.notifyIfIdle();
      return;
    }
    if (queue.current) {
      this.send(queue); // a batch held back by a pause during its retry backoff
      return;
    }
    if (queue.pending.length === 0) {
      this.notifyIfIdle();
      return;
    }
    queue.timerPurpose = 'batch';
    queue.timer = setTimeout(() => {
      queue.timer = undefined;
      queue.timerPurpose = undefined;
      this.startNext(queue);
    }, this.deps.knobs().batchWindowMs);
  }

  private startNext(queue: EndpointQueue): void {
    if (this.closed || this.paused || queue.inFlight || queue.current || queue.pending.length === 0) {
      this.notifyIfIdle();
      return;
    }
    const knobs = this.deps.knobs();
    // Out of order: the batch after this one overtakes it (as a retried batch would arrive late).
    const overtake =
      queue.pending.length > MAX_EVENTS_PER_CALLBACK && this.deps.prng.chance(knobs.reorderRate);
    const start = overtake ? MAX_EVENTS_PER_CALLBACK : 0;
    const events = queue.pending.splice(start, MAX_EVENTS_PER_CALLBACK);
    const batch: Batch = { id: this.nextBatchId++, events, attempts: 0 };
    if (this.deps.prng.chance(knobs.dropRate)) {
      this.logUnsent(queue, batch, 1, 'dropped');
      this.schedule(queue);
      return;
    }
    queue.current = batch;
    this.send(queue);
  }

  private send(queue: EndpointQueue): void {
    const batch = queue.current;
    const endpoint = this.deps.registry.get(queue.endpointId);
    if (!batch || !endpoint || this.closed) {
      queue.current = undefined;
      this.notifyIfIdle();
      return;
    }
    if (this.paused) {
      this.notifyIfIdle(); // resumed by `resume`, which reschedules the held batch
      return;
    }
    batch.attempts++;
    queue.inFlight = true;
    const knobs = this.deps.knobs();
    this.post(endpoint, batch, batch.attempts, knobs.timeoutMs)
      .then((outcome) => this.afterAttempt(queue, endpoint, batch, outcome, knobs))
      .catch((error: unknown) => this.deps.onError?.(error));
  }

  private async afterAttempt(
    queue: EndpointQueue,
    endpoint: WebhookEndpoint,
    batch: Batch,
    outcome: DeliveryOutcome,
    knobs: Knobs['webhooks'],
  ): Promise<void> {
    if (this.closed) return;
    if (outcome === 'delivered') {
      queue.current = undefined;
      // A duplicate copy is still this endpoint's one callback in flight.
      if (this.deps.prng.chance(knobs.duplicateRate)) {
        await this.post(endpoint, batch, batch.attempts, knobs.timeoutMs, 'duplicate');
      }
      queue.inFlight = false;
      this.schedule(queue);
    } else if (batch.attempts <= knobs.maxRetries) {
      queue.inFlight = false;
      queue.timerPurpose = 'retry';
      queue.timer = setTimeout(
        () => {
          queue.timer = undefined;
          queue.timerPurpose = undefined;
          this.send(queue);
        },
        knobs.retryBaseDelayMs * 2 ** (batch.attempts - 1),
      );
    } else {
      queue.inFlight = false;
      this.logUnsent(queue, batch, batch.attempts, 'exhausted');
      queue.current = undefined;
      this.schedule(queue);
    }
    this.notifyIfIdle();
  }

  /** One attempt, logged unless the endpoint was forgotten meanwhile. */
  private async post(
    endpoint: WebhookEndpoint,
    batch: Batch,
    attempt: number,
    timeoutMs: number,
    as?: 'duplicate',
  ): Promise<DeliveryOutcome> {
    const { outcome, entry } = await attemptCallback(this.poster, endpoint, batch, {
      platform: this.deps.platform,
      attempt,
      timeoutMs,
      duplicate: as === 'duplicate',
    });
    if (this.queues.has(endpoint.id)) this.log.add(entry);
    return outcome;
  }

  /** A batch the knobs dropped, or one given up after its last retry: logged, nothing sent. */
  private logUnsent(
    queue: EndpointQueue,
    batch: Batch,
    attempt: number,
    outcome: Extract<DeliveryOutcome, 'dropped' | 'exhausted'>,
  ): void {
    const entry = { attempt, startedAt: new Date().toISOString(), durationMs: 0, outcome };
    this.log.add(attemptEntry(queue.endpointId, batch, { ...entry, status: undefined, error: undefined }));
  }

  private notifyIfIdle(): void {
    if (this.idleWaiters.size === 0 || !this.isIdle()) return;
    for (const waiter of [...this.idleWaiters]) waiter();
  }
}
