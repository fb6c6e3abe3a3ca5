/**
 * A typed client for the simulator's control API, for tests, benchmarks and the demo. It only uses
 * HTTP, so it works the same against an in-process simulator and a standalone `arlo-sync simulator`.
 */
import type { ResourceType } from '../domain/resource-types';
import type { EndpointRegistration, WebhookEndpoint } from './webhooks/endpoint-registry';
import type { DeliveryAttempt } from './webhooks/delivery-log';
import type { Knobs, KnobsPatch } from './knobs';
import type { CountersSnapshot } from './request-counters';
import type { SeedRequest, SeedResult } from './seed/seed';
import type { TruthRecord } from './truth';
import type { WriteLogEntry } from './write-log';
import type { RecordInput } from './write/record-input';

export class SimulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`simulator control ${what} failed with ${status}: ${JSON.stringify(body)}`);
    this.name = 'SimulatorControlError';
  }
}

export interface SimulatorState {
  readonly platform: string;
  readonly baseUrl: string;
  readonly controlUrl: string;
  readonly now: string;
  readonly nextEventId: string;
  readonly records: Record<ResourceType, number>;
}

/** A PlatformEvent as the webhook JSON carries it. */
export interface EventSummary {
  readonly id: string;
  readonly dateTime: string;
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
}

export interface MergeResult {
  readonly request: TruthRecord;
  readonly source: TruthRecord;
  readonly destination: TruthRecord;
}

export type RecordUpdate = Omit<RecordInput, 'id'>;

export class SimulatorControlClient {
  /** `controlUrl` is the control app's root, e.g. `http://127.0.0.1:4011/`. */
  constructor(readonly controlUrl: string) {}

  state(): Promise<SimulatorState> {
    return this.call('GET', 'state');
  }

  /** Seeds N deterministic records per type (see SeedRequest for the timestamp modes). */
  seed(request: SeedRequest): Promise<SeedResult> {
    return this.call('POST', 'seed', request);
  }

  /** Creates a record as an Arlo user would (Created event, webhooks). */
  createRecord(type: ResourceType, input: RecordInput = {}): Promise<TruthRecord> {
    return this.call('POST', `records/${type}`, input);
  }

  /** Edits a record as an Arlo user would (LastModifiedDateTime moves, Updated event, webhooks). */
  updateRecord(type: ResourceType, id: string, update: RecordUpdate): Promise<TruthRecord> {
    return this.call('PATCH', `records/${type}/${encodeURIComponent(id)}`, update);
  }

  deleteRecord(type: ResourceType, id: string): Promise<TruthRecord> {
    return this.call('DELETE', `records/${type}/${encodeURIComponent(id)}`);
  }

  /** Merges `sourceId` into `intoId` (Contacts or Organisations), creating the merge request. */
  merge(type: 'Contact' | 'Organisation', sourceId: string, intoId: string): Promise<MergeResult> {
    return this.call('POST', `records/${type}/${encodeURIComponent(sourceId)}/merge`, { into: intoId });
  }

  /** `count` random edits such as the demo makes. */
  userEdits(count = 1): Promise<{ edits: { description: string; eventId: string | undefined }[] }> {
    return this.call('POST', 'user-edits', { count });
  }

  truth(type: ResourceType): Promise<TruthRecord[]> {
    return this.call('GET', `truth/${type}`);
  }

  truthOf(type: ResourceType, id: string): Promise<TruthRecord> {
    return this.call('GET', `truth/${type}/${encodeURIComponent(id)}`);
  }

  /** Retained PlatformEvents, optionally only those after an ID. */
  events(afterId?: string): Promise<EventSummary[]> {
    return this.call(
      'GET',
      afterId === undefined ? 'events' : `events?afterId=${encodeURIComponent(afterId)}`,
    );
  }

  counters(): Promise<CountersSnapshot> {
    return this.call('GET', 'counters');
  }

  resetCounters(): Promise<CountersSnapshot> {
    return this.call('POST', 'counters/reset');
  }

  /** Every write request received (POST, PATCH, PUT, DELETE) with its body, oldest first. */
  writes(): Promise<WriteLogEntry[]> {
    return this.call('GET', 'writes');
  }

  clearWrites(): Promise<void> {
    return this.call('POST', 'writes/clear');
  }

  knobs(): Promise<Knobs> {
    return this.call('GET', 'knobs');
  }

  setKnobs(patch: KnobsPatch): Promise<Knobs> {
    return this.call('PATCH', 'knobs', patch);
  }

  registerWebhookEndpoint(registration: EndpointRegistration): Promise<WebhookEndpoint> {
    return this.call('POST', 'webhooks/endpoints', registration);
  }

  webhookEndpoints(): Promise<WebhookEndpoint[]> {
    return this.call('GET', 'webhooks/endpoints');
  }

  removeWebhookEndpoint(id: string): Promise<void> {
    return this.call('DELETE', `webhooks/endpoints/${encodeURIComponent(id)}`);
  }

  deliveries(endpointId?: string): Promise<DeliveryAttempt[]> {
    return this.call(
      'GET',
      endpointId === undefined
        ? 'webhooks/deliveries'
        : `webhooks/deliveries?endpointId=${encodeURIComponent(endpointId)}`,
    );
  }

  clearDeliveries(): Promise<void> {
    return this.call('POST', 'webhooks/deliveries/clear');
  }

  pauseWebhooks(): Promise<{ paused: boolean }> {
    return this.call('POST', 'webhooks/pause');
  }

  resumeWebhooks(): Promise<{ paused: boolean }> {
    return this.call('POST', 'webhooks/resume');
  }

  /** Skips batch windows and retry backoffs, then waits until every queue is delivered (or paused). */
  flushWebhooks(timeoutMs = 30_000): Promise<{ idle: boolean }> {
    return this.call('POST', 'webhooks/flush', { timeoutMs });
  }

  /** Waits until nothing is queued, in flight or awaiting a retry (or delivery is paused). */
  waitForWebhooksIdle(timeoutMs = 30_000): Promise<{ idle: boolean }> {
    return this.call('POST', 'webhooks/wait-idle', { timeoutMs });
  }

  clock(): Promise<{ now: string }> {
    return this.call('GET', 'clock');
  }

  advanceClock(ms: number): Promise<{ now: string }> {
    return this.call('POST', 'clock/advance', { ms });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.controlUrl), {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) throw new SimulatorControlError(response.status, parsed, `${method} ${path}`);
    return parsed as T;
  }
}
