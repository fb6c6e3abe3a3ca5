/**
 * Registered webhook endpoints (`webhookendpoints/`), as Arlo's Moodle plugin registers them: Name,
 * Endpoint (the callback URL), TechnicalContact, PayloadSchema `Json_2019_11_01`, Status and an optional
 * EventTypes list (`RegistrationCreated,RegistrationUpdated`; the dotted form is accepted too). The
 * signing Key is 24 random bytes, Base64, returned once, at registration.
 */
import { randomBytes } from 'node:crypto';

import { HANDLED_EVENT_TYPES } from '../../domain/arlo-event';

export const PAYLOAD_SCHEMA = 'Json_2019_11_01';

export interface WebhookEndpoint {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly technicalContact: string | undefined;
  readonly payloadSchema: typeof PAYLOAD_SCHEMA;
  readonly status: 'Active' | 'Inactive';
  /** Dotted event types (`Contact.Updated`); undefined means every supported type. */
  readonly eventTypes: readonly string[] | undefined;
  readonly key: string;
  readonly createdDateTime: string;
}

export interface EndpointRegistration {
  readonly name?: string | undefined;
  readonly url: string;
  readonly technicalContact?: string | undefined;
  readonly status?: 'Active' | 'Inactive' | undefined;
  readonly eventTypes?: readonly string[] | undefined;
  /** A chosen Base64 key (tests use the one from webhooks.txt); random otherwise. */
  readonly key?: string | undefined;
}

/** `RegistrationCreated` or `Registration.Created` → `Registration.Created`; undefined if not supported. */
export function normaliseEventType(value: string): string | undefined {
  const trimmed = value.trim();
  const dotted = trimmed.includes('.') ? trimmed : trimmed.replace(/(Created|Updated|Deleted)$/, '.$1');
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(dotted) || /^[A-Za-z]+\.Deleted$/.test(dotted)
    ? dotted
    : undefined;
}

export class EndpointRegistry {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  private nextId = 1;

  register(registration: EndpointRegistration, createdDateTime: string): WebhookEndpoint {
    const endpoint: WebhookEndpoint = {
      id: String(this.nextId++),
      name: registration.name ?? 'Webhook endpoint',
      url: registration.url,
      technicalContact: registration.technicalContact,
      payloadSchema: PAYLOAD_SCHEMA,
      status: registration.status ?? 'Active',
      eventTypes: registration.eventTypes,
      key: registration.key ?? randomBytes(24).toString('base64'),
      createdDateTime,
    };
    this.endpoints.set(endpoint.id, endpoint);
    return endpoint;
  }

  /** Loads endpoints from a snapshot (./persistence); new IDs continue above theirs. */
  restore(endpoints: readonly WebhookEndpoint[]): void {
    for (const endpoint of endpoints) {
      this.endpoints.set(endpoint.id, endpoint);
      this.nextId = Math.max(this.nextId, Number(endpoint.id) + 1);
    }
  }

  get(id: string): WebhookEndpoint | undefined {
    return this.endpoints.get(id);
  }

  list(): WebhookEndpoint[] {
    return [...this.endpoints.values()];
  }

  remove(id: string): boolean {
    return this.endpoints.delete(id);
  }

  wants(endpoint: WebhookEndpoint, eventType: string): boolean {
    return (
      endpoint.status === 'Active' &&
      (endpoint.eventTypes === undefined || endpoint.eventTypes.includes(eventType))
    );
  }
}
