import type { EventId } from './event-id';

/** One entry of a webhook callback's `events` array, validated (see src/http for the validation). */
export interface ArloEvent {
  /** 64-bit ID as a canonical decimal string. */
  readonly id: EventId;
  /** e.g. `Contact.Updated`. Unknown types are recorded and acknowledged, never failed. */
  readonly type: string;
  readonly resourceType: string;
  /** Integer string or GUID, depending on the resource type. */
  readonly resourceId: string;
  /** As Arlo sent it, up to 7 fractional digits. */
  readonly dateTime: string;
}

export const EVENT_ACTIONS = ['Created', 'Updated', 'Deleted'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** The webhook event types of webhooks.txt ("Supported events"), plus Deleted which PlatformEvents carry. */
export const HANDLED_EVENT_TYPES = [
  'Contact.Created',
  'Contact.Updated',
  'Registration.Created',
  'Registration.Updated',
  'Order.Created',
  'Order.Updated',
  'Event.Created',
  'Event.Updated',
  'OnlineActivity.Created',
  'OnlineActivity.Updated',
  'EventTemplate.Created',
  'EventTemplate.Updated',
  'Organisation.Created',
  'Organisation.Updated',
  'ContactMergeRequest.Created',
  'OrganisationMergeRequest.Created',
  'Lead.Created',
  'Lead.Updated',
  'CreditNote.Created',
  'CreditNote.Updated',
] as const;

export function isHandledEventType(type: string): boolean {
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(type) || /^\w+\.Deleted$/.test(type);
}
