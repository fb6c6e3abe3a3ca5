import type { PlatformEvent } from '../event-log';
import { signPayload } from './signature';

/** The webhook JSON of one event, keys in the documented order (webhooks.txt, "Payload format"). */
export function eventJson(event: PlatformEvent): Record<string, string> {
  return {
    id: event.id,
    dateTime: event.dateTime,
    type: `${event.resourceType}.${event.type}`,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
  };
}

/** The exact body bytes of one callback and the headers that identify and sign them. */
export function callbackPayload(
  events: readonly PlatformEvent[],
  platform: string,
  keyBase64: string,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ events: events.map(eventJson) });
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Arlo-Platform': platform,
      'X-Arlo-Signature': signPayload(body, keyBase64),
    },
  };
}
