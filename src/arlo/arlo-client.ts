/**
 * The Arlo Auth API client.
 *
 * INVARIANT: every method makes exactly ONE HTTP request to Arlo. The platform allows 300 requests per
 * minute across every caller, and arlo-sync enforces that budget by rate-limiting the activities that
 * call these methods (one activity = one method = one request). So no method pages, follows a Link or a
 * redirect, or retries on its own. The single exception is authentication: an OAuth 2 token refused with
 * 401 is refreshed and the request sent once more (rare: a token revoked before its expiry).
 * A 308 to a merged record's survivor is not followed: the caller reads the survivor in a request of its own.
 *
 * Every method validates its arguments before any request, returns parsed results (and the raw XML where
 * a caller may need it, e.g. to build a diff or to store the exact representation), and fails with the
 * typed errors of errors.ts.
 */
import type { ArloCredentials } from '../config';
import { isEventId, type EventId } from '../domain/event-id';
import type { ResourceType } from '../domain/resource-types';
import type { ArloCallObservation } from '../metrics/arlo-call-observation';

import type { FetchFunction } from './bounded-fetch';
import type {
  CollectionPageResult,
  CreatedResource,
  ExpandOptions,
  ListPageOptions,
  PlatformEventListOptions,
  PlatformEventPageResult,
  RequestOptions,
  ResourceResult,
} from './client-types';
import { parseCollectionPage } from './collections';
import { createCredentialsProvider, type CredentialsProvider } from './credentials';
import { parseEntity } from './entities';
import { ArloMalformedResponseError } from './errors';
import { createArloHttpClient, type ArloHttpClient } from './http-client';
import {
  parseIntegrationData,
  type IntegrationDataRecord,
  type IntegrationDataType,
} from './integration-data';
import { parsePlatformEventPage, type PlatformEventRecord } from './platform-events';
import { assertDocument, readXml } from './read-response';
import { integrationDataBody, type IntegrationDataInput } from './resource-writers';
import {
  collectionPath,
  expandList,
  pagingQuery,
  parseResourceHref,
  resourcePath,
  withQuery,
} from './resource-urls';
import {
  parseWebhookEndpoint,
  parseWebhookEndpointPage,
  webhookEndpointBody,
  type WebhookEndpoint,
  type WebhookEndpointInput,
} from './webhook-endpoints';

export type {
  CollectionPageResult,
  CreatedResource,
  ExpandOptions,
  ListPageOptions,
  PlatformEventListOptions,
  PlatformEventPageResult,
  RequestOptions,
  ResourceResult,
} from './client-types';

export interface ArloClientOptions {
  /** Auth API root, e.g. `https://demo.arlo.co/api/2012-02-01/auth/resources/` (config: platform.baseUrl). */
  readonly baseUrl: string;
  readonly credentials: CredentialsProvider | ArloCredentials;
  /** Per request, whole exchange (config: arlo.requestTimeoutMs). */
  readonly timeoutMs: number;
  /** Per response body, decompressed (config: arlo.maxResponseBytes). */
  readonly maxResponseBytes: number;
  readonly fetch?: FetchFunction;
  readonly now?: () => number;
  /** Sees every HTTP exchange with Arlo (http-client.ts); arlo-sync counts them for its metrics. */
  readonly onExchange?: (call: ArloCallObservation) => void;
}

export interface ArloClient {
  readonly baseUrl: string;
  getResource(type: ResourceType, id: string, options?: ExpandOptions): Promise<ResourceResult>;
  /** One page; the item type is always expanded. */
  listPage(type: ResourceType, options?: ListPageOptions): Promise<CollectionPageResult>;
  /** The page a previous page's `nextHref` names (checked against the origin first). */
  listPageByHref(
    href: string,
    options?: RequestOptions & { itemType?: ResourceType },
  ): Promise<CollectionPageResult>;
  /** `platformevents/query/?ids=...&expand=PlatformEvent,PlatformEvent/Link`; unknown/expired IDs are simply absent. */
  queryPlatformEvents(ids: readonly EventId[], options?: RequestOptions): Promise<PlatformEventRecord[]>;
  listPlatformEvents(options?: PlatformEventListOptions): Promise<PlatformEventPageResult>;
  listPlatformEventsByHref(href: string, options?: RequestOptions): Promise<PlatformEventPageResult>;
  /** RFC 5261 diff (patch-diff.ts); 200 answers the updated record. */
  patchResource(
    type: ResourceType,
    id: string,
    diffXml: string,
    options?: ExpandOptions,
  ): Promise<ResourceResult>;
  /** POST to the collection; 201 + Location. Not idempotent: never retried by this client. */
  createResource(type: ResourceType, xmlBody: string, options?: RequestOptions): Promise<CreatedResource>;
  putIntegrationData(
    type: IntegrationDataType,
    id: string,
    vendorId: string,
    data: IntegrationDataInput,
    options?: RequestOptions,
  ): Promise<IntegrationDataRecord | undefined>;
  getIntegrationData(
    type: IntegrationDataType,
    id: string,
    vendorId: string,
    options?: RequestOptions,
  ): Promise<IntegrationDataRecord>;
  listWebhookEndpoints(options?: RequestOptions): Promise<{ items: WebhookEndpoint[]; nextHref?: string }>;
  /** The page a previous endpoint page's `nextHref` names (checked against the origin first). */
  listWebhookEndpointsByHref(
    href: string,
    options?: RequestOptions,
  ): Promise<{ items: WebhookEndpoint[]; nextHref?: string }>;
  createWebhookEndpoint(input: WebhookEndpointInput, options?: RequestOptions): Promise<WebhookEndpoint>;
  getWebhookEndpoint(id: string, options?: RequestOptions): Promise<WebhookEndpoint>;
}

/** A URL may carry about 8 KB; 250 IDs of 19 digits stay far below. */
export const MAX_QUERY_EVENT_IDS = 250;
const VENDOR_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ENDPOINT_ID = /^[A-Za-z0-9-]{1,64}$/;

export function createArloClient(options: ArloClientOptions): ArloClient {
  const credentials =
    'authorization' in options.credentials
      ? options.credentials
      : createCredentialsProvider(options.credentials, {
          timeoutMs: options.timeoutMs,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(options.now ? { now: options.now } : {}),
        });
  const http: ArloHttpClient = createArloHttpClient({ ...options, credentials });
  const baseUrl = http.policy.baseUrl;
  const signalOf = (o?: RequestOptions) => (o?.signal ? { signal: o.signal } : {});

  /**
   * A page whose `next` link leaves the platform's origin is refused as a whole (ArloOriginViolationError),
   * not just when the link is followed: such a response is not the platform's, so none of it is trusted.
   */
  const sameOriginNext = <T extends { nextHref?: string }>(page: T): T => {
    if (page.nextHref !== undefined) http.policy.resolve(page.nextHref);
    return page;
  };

  const get = async <T>(
    target: string,
    o: RequestOptions | undefined,
    parse: Parameters<typeof readXml<T>>[2],
  ) => readXml('GET', await http.send({ method: 'GET', target, ...signalOf(o) }), parse);

  const listPlatformEventsAt = async (
    target: string,
    o?: RequestOptions,
  ): Promise<PlatformEventPageResult> => {
    const response = await http.send({ method: 'GET', target, ...signalOf(o) });
    return { ...sameOriginNext(readXml('GET', response, parsePlatformEventPage)), xml: response.body };
  };

  const listAt = async (target: string, itemType: ResourceType | undefined, o?: RequestOptions) => {
    const response = await http.send({ method: 'GET', target, ...signalOf(o) });
    const page = readXml('GET', response, (root) => parseCollectionPage(root, itemType));
    return { ...sameOriginNext(page), xml: response.body };
  };

  const integrationDataPath = (type: IntegrationDataType, id: string, vendorId: string) => {
    if (!VENDOR_ID.test(vendorId))
      throw new RangeError(`vendor ID ${JSON.stringify(vendorId)} must be letters, digits, _ or -`);
    return `${resourcePath(type, id)}integrationdata/${vendorId.toLowerCase()}/`;
  };

  return {
    baseUrl,

    async getResource(type, id, o) {
      const target = withQuery(resourcePath(type, id), { expand: expandList(o?.expand) });
      const response = await http.send({ method: 'GET', target, ...signalOf(o) });
      return { entity: readXml('GET', response, (root) => parseEntity(root, type)), xml: response.body };
    },

    async listPage(type, o = {}) {
      const expand = expandList([type, ...(o.expand ?? []).filter((title) => title !== type)]);
      const query = { filter: o.filter, orderby: o.orderby, expand, ...pagingQuery(o) };
      return await listAt(withQuery(collectionPath(type), query), type, o);
    },

    listPageByHref(href, o) {
      return listAt(href, o?.itemType, o);
    },

    async queryPlatformEvents(ids, o) {
      const unique = [...new Set(ids)];
      if (unique.length === 0 || unique.length > MAX_QUERY_EVENT_IDS) {
        throw new RangeError(
          `queryPlatformEvents takes 1 to ${MAX_QUERY_EVENT_IDS} event IDs, got ${unique.length}`,
        );
      }
      const invalid = unique.find((id) => !isEventId(id));
      if (invalid !== undefined) throw new RangeError(`${JSON.stringify(invalid)} is not a 64-bit event ID`);
      const target = withQuery('platformevents/query/', {
        ids: unique,
        expand: ['PlatformEvent', 'PlatformEvent/Link'],
      });
      return [...(await listPlatformEventsAt(target, o)).items];
    },

    async listPlatformEvents(o = {}) {
      const query = { filter: o.filter, orderby: o.orderby, expand: ['PlatformEvent'], ...pagingQuery(o) };
      return await listPlatformEventsAt(withQuery('platformevents/', query), o);
    },

    listPlatformEventsByHref(href, o) {
      return listPlatformEventsAt(href, o);
    },

    async patchResource(type, id, diffXml, o) {
      assertDocument(diffXml, 'diff', 'PATCH diff');
      const target = withQuery(resourcePath(type, id), { expand: expandList(o?.expand) });
      const response = await http.send({ method: 'PATCH', target, body: diffXml, ...signalOf(o) });
      return { entity: readXml('PATCH', response, (root) => parseEntity(root, type)), xml: response.body };
    },

    async createResource(type, xmlBody, o) {
      assertDocument(xmlBody, type, `${type} POST body`);
      const response = await http.send({
        method: 'POST',
        target: collectionPath(type),
        body: xmlBody,
        ...signalOf(o),
      });
      const header = response.headers.get('location');
      const location = header ? new URL(header, response.url).href : undefined;
      const entity = response.body.trim()
        ? readXml('POST', response, (root) => parseEntity(root, type))
        : undefined;
      const id =
        entity?.id ?? (location !== undefined ? parseResourceHref(baseUrl, location)?.id : undefined);
      if (id === undefined) {
        throw new ArloMalformedResponseError(
          { method: 'POST', url: response.url },
          response.status,
          `${response.status} without the new ${type}'s ID (no body, no usable Location); the record may exist: look it up (e.g. by CodePrimary) before creating it again`,
        );
      }
      return {
        id,
        ...(location !== undefined ? { location } : {}),
        ...(entity ? { entity } : {}),
        xml: response.body,
      };
    },

    async putIntegrationData(type, id, vendorId, data, o) {
      const target = integrationDataPath(type, id, vendorId);
      const body = integrationDataBody(type, vendorId, data);
      const response = await http.send({ method: 'PUT', target, body, ...signalOf(o) });
      return response.body.trim()
        ? readXml('PUT', response, (root) => parseIntegrationData(root, type))
        : undefined;
    },

    async getIntegrationData(type, id, vendorId, o) {
      return await get(integrationDataPath(type, id, vendorId), o, (root) =>
        parseIntegrationData(root, type),
      );
    },

    async listWebhookEndpoints(o) {
      const target = withQuery('webhookendpoints/', { expand: ['WebhookEndpoint'] });
      return sameOriginNext(await get(target, o, parseWebhookEndpointPage));
    },

    async listWebhookEndpointsByHref(href, o) {
      return sameOriginNext(await get(href, o, parseWebhookEndpointPage));
    },

    async createWebhookEndpoint(input, o) {
      const body = webhookEndpointBody(input);
      const response = await http.send({ method: 'POST', target: 'webhookendpoints/', body, ...signalOf(o) });
      return readXml('POST', response, parseWebhookEndpoint);
    },

    async getWebhookEndpoint(id, o) {
      if (!ENDPOINT_ID.test(id)) throw new RangeError(`${JSON.stringify(id)} is not a webhook endpoint ID`);
      return await get(`webhookendpoints/${id}/`, o, parseWebhookEndpoint);
    },
  };
}
