/**
 * Everything one simulated platform is made of, shared by the Arlo API app and the control app: the
 * state (records, events), rendering, knobs, counters and the webhook machinery.
 */
import type { Clock } from './clock';
import { applyKnobs, defaultKnobs, type Knobs, type KnobsPatch } from './knobs';
import { SimPlatform } from './platform';
import { Prng } from './prng';
import { Hrefs } from './render/hrefs';
import { ResourceRenderer } from './render/resource-renderer';
import { RequestCounters } from './request-counters';
import { WriteLog } from './write-log';
import { EndpointRegistry } from './webhooks/endpoint-registry';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface CoreOptions {
  readonly platform: string;
  /** Absolute, ends with `/`: `http://127.0.0.1:4010/api/2012-02-01/auth/resources/`. */
  readonly baseUrl: string;
  readonly credentials: Credentials;
  readonly seed: number | string;
  readonly clock: Clock;
  readonly eventIdStart?: bigint;
  readonly eventRetentionMs?: number;
  readonly knobs?: KnobsPatch;
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  readonly maxBodyBytes: number;
  readonly onError: (error: unknown) => void;
}

export class SimulatorCore {
  readonly platformName: string;
  readonly credentials: Credentials;
  readonly platform: SimPlatform;
  readonly renderer: ResourceRenderer;
  readonly counters = new RequestCounters();
  readonly writeLog = new WriteLog();
  readonly registry = new EndpointRegistry();
  readonly dispatcher: WebhookDispatcher;
  /** Draws for fault knobs (latency, errors, drops) on the API side. */
  readonly faults: Prng;
  /** Draws for simulated Arlo users (seed, demo edits). */
  readonly users: Prng;
  readonly paging: { readonly defaultTop: number; readonly maxTop: number };
  readonly maxBodyBytes: number;
  readonly onError: (error: unknown) => void;
  private knobsValue: Knobs;

  constructor(options: CoreOptions) {
    const root = new Prng(options.seed);
    this.platformName = options.platform;
    this.credentials = options.credentials;
    this.knobsValue = applyKnobs(defaultKnobs(), options.knobs ?? {});
    this.platform = new SimPlatform({
      clock: options.clock,
      prng: root.derive('platform'),
      ...(options.eventIdStart === undefined ? {} : { eventIdStart: options.eventIdStart }),
      ...(options.eventRetentionMs === undefined ? {} : { eventRetentionMs: options.eventRetentionMs }),
    });
    this.renderer = new ResourceRenderer(new Hrefs(options.baseUrl), this.platform.store);
    this.faults = root.derive('faults');
    this.users = root.derive('users');
    this.paging = { defaultTop: options.defaultPageSize, maxTop: options.maxPageSize };
    this.maxBodyBytes = options.maxBodyBytes;
    this.onError = options.onError;
    this.dispatcher = new WebhookDispatcher({
      platform: options.platform,
      registry: this.registry,
      knobs: () => this.knobsValue.webhooks,
      prng: root.derive('webhooks'),
      onError: options.onError,
    });
    this.platform.events.onAppend((event) => this.dispatcher.enqueue(event));
  }

  get knobs(): Knobs {
    return this.knobsValue;
  }

  setKnobs(patch: KnobsPatch): Knobs {
    this.knobsValue = applyKnobs(this.knobsValue, patch);
    return this.knobsValue;
  }

  close(): void {
    this.dispatcher.close();
  }
}
