/**
 * Webhook endpoint registration (api-notes.md, "Webhooks"): POST `webhookendpoints/` with the callback
 * URL and `PayloadSchema` `Json_2019_11_01`; the answer holds the endpoint `ID` and its Base64 `Key`
 * (the signing secret; treat it like a password). The element names are not documented publicly; the
 * body follows what Arlo's own Moodle plugin sends (`Name`, `Endpoint`, `PayloadSchema`, `Status`,
 * `EventTypes` such as `ContactUpdated`). Reading accepts `Url` as well as `Endpoint`, and keeps every
 * text field in `fields`.
 */
import { parseCollectionStructure } from './collections';
import { ArloShapeError } from './shape-error';
import { textElement, writeXml, xmlElement } from './xml-writer';
import { isLeaf, type XmlElement } from './xml-tree';

export const WEBHOOK_PAYLOAD_SCHEMA = 'Json_2019_11_01';

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly payloadSchema?: string;
  readonly status?: string;
  readonly name?: string;
  /** Base64 signing key. Arlo returns it when the endpoint is created (perhaps not on later reads). */
  readonly key?: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface WebhookEndpointInput {
  /** The public https URL Arlo calls back. */
  readonly url: string;
  readonly payloadSchema?: typeof WEBHOOK_PAYLOAD_SCHEMA;
  readonly name?: string;
  readonly status?: string;
  /** Dotted (`Contact.Updated`) or plain (`ContactUpdated`); absent means every type the platform sends. */
  readonly eventTypes?: readonly string[];
}

const ELEMENT = 'WebhookEndpoint';

export function parseWebhookEndpoint(element: XmlElement): WebhookEndpoint {
  if (element.name !== ELEMENT) throw new ArloShapeError(`expected <${ELEMENT}>, got <${element.name}>`);
  const fields: Record<string, string> = Object.fromEntries(
    element.children
      .filter(isLeaf)
      .filter((child) => child.name !== 'Link')
      .map((child) => [child.name, child.text]),
  );
  const id = fields.ID;
  const url = fields.Endpoint ?? fields.Url;
  if (!id) throw new ArloShapeError(`<${ELEMENT}> has no <ID>`);
  if (!url) throw new ArloShapeError(`<${ELEMENT}> ${id} has no <Endpoint> (callback URL)`);
  const optional = (name: string, value: string | undefined) => (value ? { [name]: value } : {});
  return {
    id,
    url,
    ...optional('payloadSchema', fields.PayloadSchema),
    ...optional('status', fields.Status),
    ...optional('name', fields.Name),
    ...optional('key', fields.Key),
    fields,
  };
}

export function parseWebhookEndpointPage(root: XmlElement): { items: WebhookEndpoint[]; nextHref?: string } {
  const structure = parseCollectionStructure(root);
  const items = structure.items.map(({ link, inline }) => {
    if (!inline)
      throw new ArloShapeError(
        `webhook endpoint ${link.href} is not expanded: request expand=WebhookEndpoint`,
      );
    return parseWebhookEndpoint(inline);
  });
  return structure.nextHref === undefined ? { items } : { items, nextHref: structure.nextHref };
}

export function webhookEndpointBody(input: WebhookEndpointInput): string {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new TypeError(`webhook URL ${JSON.stringify(input.url)} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(
      `webhook URL ${JSON.stringify(input.url)} must be http(s); Arlo needs https in production`,
    );
  }
  return writeXml(
    xmlElement(ELEMENT, {}, [
      input.name !== undefined && textElement('Name', input.name),
      textElement('Endpoint', input.url),
      textElement('PayloadSchema', input.payloadSchema ?? WEBHOOK_PAYLOAD_SCHEMA),
      input.status !== undefined && textElement('Status', input.status),
      input.eventTypes !== undefined &&
        textElement('EventTypes', input.eventTypes.map((type) => type.replace('.', '')).join(',')),
    ]),
  );
}
