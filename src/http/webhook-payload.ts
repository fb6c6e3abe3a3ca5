/**
 * The JSON of a webhook callback (webhooks.txt, "Payload format (JSON)"), validated with zod.
 *
 * Event IDs are 64-bit integers sent as JSON strings; a JSON number is rejected, never converted, so an
 * ID above 2^53 can never be rounded. Unknown event types pass: arlo-sync records and acknowledges
 * them (in the workflow) instead of failing the batch.
 */
import { z } from 'zod';

import type { ArloEvent } from '../domain/arlo-event';
import { isEventId } from '../domain/event-id';
import { isResourceId } from '../domain/resource-types';

/**
 * Arlo sends at most 10 events per callback. Some slack keeps a changed batch size upstream from
 * losing events; the bound keeps one request's work (and its time to answer) finite.
 */
export const MAX_EVENTS_PER_CALLBACK = 100;

/** `Contact.Updated`, `OrganisationMergeRequest.Created`; dotted identifiers, bounded in length. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

const typeName = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .max(100, `${field} must be at most 100 characters`)
    .regex(TYPE_NAME, `${field} must be a dotted name such as Contact.Updated`);

const eventSchema = z.object({
  id: z
    .string({ error: 'id must be a string of decimal digits (a JSON number would lose 64-bit precision)' })
    .refine(isEventId, 'id must be a canonical decimal 64-bit integer'),
  // RFC 3339, calendar-checked, any number of fractional digits: the webhooks.txt example itself
  // carries 8 (`2023-07-18T00:02:57.01488785Z`), one more than Arlo stores. Kept as sent.
  dateTime: z.iso.datetime({
    offset: true,
    error: 'dateTime must be an ISO 8601 date-time such as 2023-07-18T00:02:55.7577072Z',
  }),
  type: typeName('type'),
  resourceType: typeName('resourceType'),
  resourceId: z
    .string({ error: 'resourceId must be a string' })
    .refine(isResourceId, 'resourceId must be an integer string or a GUID'),
});

const payloadSchema = z.object(
  {
    events: z
      .array(eventSchema, { error: 'events must be an array' })
      .min(1, 'events must hold at least one event')
      .max(MAX_EVENTS_PER_CALLBACK, `events must hold at most ${MAX_EVENTS_PER_CALLBACK} events`),
  },
  { error: 'the body must be a JSON object with an events array' },
);

export interface WebhookPayload {
  readonly events: readonly ArloEvent[];
}

export type PayloadParseResult =
  { readonly ok: true; readonly payload: WebhookPayload } | { readonly ok: false; readonly problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode, parse and validate the raw body; `problem` is safe to show the sender (no body content). */
export function parseWebhookPayload(body: Uint8Array): PayloadParseResult {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(body));
  } catch {
    return { ok: false, problem: 'the body is not valid UTF-8 JSON' };
  }
  const result = payloadSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, problem: `${where}${issue?.message ?? 'invalid payload'}` };
  }
  return { ok: true, payload: { events: result.data.events } };
}
