/**
 * `webhookendpoints/`: register (POST, 201 with the endpoint's ID and Base64 Key), list, read and delete
 * webhook endpoints. The body shape is the one Arlo's Moodle plugin sends (`<WebhookEndpoint>` with Name,
 * Endpoint, TechnicalContact, PayloadSchema, Status, EventTypes). The Key is shown only in the POST answer.
 */
import { badRequest, notFound } from '../../api-error';
import { formatTicks } from '../../arlo-ticks';
import { parseExpand } from '../../render/expand';
import { ARLO_REL, XML_TYPE } from '../../render/hrefs';
import { selfLink } from '../../render/links';
import type { SimulatorCore } from '../../simulator-core';
import {
  normaliseEventType,
  PAYLOAD_SCHEMA,
  type EndpointRegistration,
  type WebhookEndpoint,
} from '../../webhooks/endpoint-registry';
import {
  childElements,
  element,
  isTextOnly,
  leaf,
  textContent,
  type XmlElement,
  type XmlNode,
} from '../../xml/xml-node';
import { single } from '../paging';
import { readXmlBody } from '../request-body';
import type { RouteTable } from '../route-table';

const FIELDS = ['Name', 'Endpoint', 'TechnicalContact', 'PayloadSchema', 'Status', 'EventTypes'];

export function addWebhookEndpointRoutes(table: RouteTable, core: SimulatorCore): void {
  const href = (id: string) => core.renderer.hrefs.path(`webhookendpoints/${id}/`);

  table.add('GET', '/webhookendpoints/', (ctx) => {
    const inline = parseExpand(single(ctx, 'expand')).has('WebhookEndpoint');
    const children: XmlNode[] = core.registry.list().map((endpoint) =>
      element(
        'Link',
        [
          ['rel', `${ARLO_REL}WebhookEndpoint`],
          ['type', XML_TYPE],
          ['title', 'WebhookEndpoint'],
          ['href', href(endpoint.id)],
        ],
        inline ? [renderEndpoint(endpoint, href(endpoint.id), false)] : [],
      ),
    );
    children.push(selfLink(core.renderer.hrefs.path('webhookendpoints/')));
    ctx.state.xml = element('WebhookEndpoints', [], children);
  });

  table.add('POST', '/webhookendpoints/', async (ctx) => {
    const registration = readRegistration(await readXmlBody(ctx, core.maxBodyBytes));
    const endpoint = core.registry.register(registration, formatTicks(core.platform.clock.nowTicks()));
    ctx.status = 201;
    ctx.set('Location', href(endpoint.id));
    ctx.state.xml = renderEndpoint(endpoint, href(endpoint.id), true);
  });

  table.add('GET', '/webhookendpoints/:id/', (ctx, params) => {
    const endpoint = core.registry.get(params.id ?? '');
    if (!endpoint) throw notFound(`WebhookEndpoint ${params.id ?? ''} does not exist.`);
    ctx.state.xml = renderEndpoint(endpoint, href(endpoint.id), false);
  });

  table.add('DELETE', '/webhookendpoints/:id/', (ctx, params) => {
    const id = params.id ?? '';
    if (!core.registry.remove(id)) throw notFound(`WebhookEndpoint ${id} does not exist.`);
    core.dispatcher.forgetEndpoint(id);
    ctx.status = 204;
  });
}

export function renderEndpoint(endpoint: WebhookEndpoint, self: string, withKey: boolean): XmlElement {
  const children: XmlNode[] = [
    leaf('ID', endpoint.id),
    leaf('Name', endpoint.name),
    leaf('Endpoint', endpoint.url),
  ];
  if (endpoint.technicalContact !== undefined)
    children.push(leaf('TechnicalContact', endpoint.technicalContact));
  children.push(leaf('PayloadSchema', endpoint.payloadSchema), leaf('Status', endpoint.status));
  if (endpoint.eventTypes)
    children.push(leaf('EventTypes', endpoint.eventTypes.map((t) => t.replace('.', '')).join(',')));
  if (withKey) children.push(leaf('Key', endpoint.key));
  children.push(leaf('CreatedDateTime', endpoint.createdDateTime), selfLink(self));
  return element('WebhookEndpoint', [], children);
}

function readRegistration(root: XmlElement): EndpointRegistration {
  if (root.name !== 'WebhookEndpoint')
    throw badRequest('WrongResource', `expected <WebhookEndpoint>, found <${root.name}>`);
  const values = new Map<string, string>();
  for (const child of childElements(root)) {
    if (!FIELDS.includes(child.name) || !isTextOnly(child)) {
      throw badRequest(
        'UnknownField',
        `<WebhookEndpoint> has no field <${child.name}> (fields: ${FIELDS.join(', ')})`,
      );
    }
    values.set(child.name, textContent(child).trim());
  }
  const url = values.get('Endpoint') ?? '';
  if (!isHttpUrl(url))
    throw badRequest('InvalidEndpoint', '<Endpoint> must be the absolute http(s) URL Arlo should call back');
  if (values.get('PayloadSchema') !== PAYLOAD_SCHEMA) {
    throw badRequest('InvalidPayloadSchema', `<PayloadSchema> must be ${PAYLOAD_SCHEMA}`);
  }
  const status = values.get('Status') ?? 'Active';
  if (status !== 'Active' && status !== 'Inactive')
    throw badRequest('InvalidValue', '<Status> must be Active or Inactive');
  let eventTypes: string[] | undefined;
  const rawTypes = values.get('EventTypes');
  if (rawTypes !== undefined && rawTypes !== '') {
    eventTypes = rawTypes.split(',').map((raw) => {
      const type = normaliseEventType(raw);
      if (!type)
        throw badRequest(
          'InvalidEventType',
          `EventTypes: "${raw.trim()}" is not a supported event type (e.g. ContactUpdated)`,
        );
      return type;
    });
  }
  return {
    name: values.get('Name') || undefined,
    url,
    technicalContact: values.get('TechnicalContact') || undefined,
    status,
    eventTypes,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
