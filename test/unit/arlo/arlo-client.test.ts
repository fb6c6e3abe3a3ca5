/**
 * The client's methods against a loopback server serving the fixtures: the URLs, methods and bodies of
 * the guides, exactly ONE request per method call, argument validation before any request, and a next
 * link to another host refused without the credentials ever reaching it.
 */
import { createArloClient, type ArloClient } from '../../../src/arlo/arlo-client';
import { ArloMalformedResponseError, ArloOriginViolationError } from '../../../src/arlo/errors';
import { arloFixture } from '../../helpers/arlo-fixtures';
import { replyXml, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server';

const API = '/api/2012-02-01/auth/resources/';
const DEMO = 'https://demo.arlo.co/api/2012-02-01/auth/resources/';

let arlo: LoopbackServer;
let attacker: LoopbackServer;
let client: ArloClient;

/** Fixtures use demo.arlo.co hrefs; rewrite them to the loopback server so they stay same-origin. */
const served = (name: string) => arloFixture(name).replaceAll(DEMO, `${arlo.origin}${API}`);

beforeAll(async () => {
  arlo = await startLoopbackServer();
  attacker = await startLoopbackServer((_request, response) => replyXml(response, '<Contacts/>'));
  client = createArloClient({
    baseUrl: `${arlo.origin}${API}`,
    credentials: { kind: 'basic', username: 'api-user', password: 'pw' },
    timeoutMs: 2_000,
    maxResponseBytes: 1024 * 1024,
  });
});

afterAll(async () => {
  await arlo.close();
  await attacker.close();
});

beforeEach(() => {
  arlo.requests.length = 0;
  attacker.requests.length = 0;
});

function serve(body: string, status = 200, headers: Record<string, string> = {}): void {
  arlo.handle((_request, response) => replyXml(response, body, status, headers));
}

const lastRequest = () => arlo.requests.at(-1)!;

describe('reading', () => {
  it('getResource: GET contacts/{id}/ with expand, returning the entity and the raw XML', async () => {
    serve(served('contact-expanded-employment.xml'));
    const { entity, xml } = await client.getResource('Contact', '562', { expand: ['Employment'] });
    expect(lastRequest()).toMatchObject({ method: 'GET', url: `${API}contacts/562/?expand=Employment` });
    expect(entity.related.Employment).toMatchObject({
      element: 'ContactEmployment',
      fields: { Position: 'Developer' },
    });
    expect(xml).toBe(served('contact-expanded-employment.xml'));
    expect(arlo.requests).toHaveLength(1);
  });

  it('listPage: the documented cursor query, with the item type always expanded', async () => {
    serve(served('contacts-page.xml'));
    const page = await client.listPage('Contact', {
      filter:
        "LastModifiedDateTime gt datetime('2013-07-16T23:57:12.943Z') OR (LastModifiedDateTime eq datetime('2013-07-16T23:57:12.943Z') AND ContactID gt 12095)",
      orderby: 'LastModifiedDateTime ASC,ContactID ASC',
      skip: 0,
      top: 100,
    });
    const url = new URL(lastRequest().url, arlo.origin);
    expect(url.pathname).toBe(`${API}contacts/`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      filter:
        "LastModifiedDateTime gt datetime('2013-07-16T23:57:12.943Z') OR (LastModifiedDateTime eq datetime('2013-07-16T23:57:12.943Z') AND ContactID gt 12095)",
      orderby: 'LastModifiedDateTime ASC,ContactID ASC',
      expand: 'Contact',
      skip: '0',
      top: '100',
    });
    expect(page.items.map((item) => item.id)).toEqual(['12', '12095']);
    expect(page.nextHref).toMatch(/skip=2/);
  });

  it('listPageByHref follows a same-origin next link with one request', async () => {
    serve(served('contacts-page.xml'));
    const first = await client.listPage('Contact', { top: 2 });
    await client.listPageByHref(first.nextHref!, { itemType: 'Contact' });
    expect(arlo.requests).toHaveLength(2);
    expect(lastRequest().url).toBe(
      `${API}contacts/?orderby=LastModifiedDateTime%20ASC,ContactID%20ASC&expand=Contact&skip=2&top=2`,
    );
  });

  it('refuses a next link pointing at another host, and the credentials are not sent there', async () => {
    serve(
      served('contacts-page.xml').replace(
        /href="[^"]*skip=2[^"]*"/,
        `href="${attacker.origin}${API}contacts/?skip=2"`,
      ),
    );
    // The page itself is refused: a response linking off the platform is not trusted at all.
    await expect(client.listPage('Contact', { top: 2 })).rejects.toBeInstanceOf(ArloOriginViolationError);
    // And an href from anywhere else is refused before any request.
    await expect(client.listPageByHref(`${attacker.origin}${API}contacts/?skip=2`)).rejects.toBeInstanceOf(
      ArloOriginViolationError,
    );
    expect(attacker.requests).toHaveLength(0);
    expect(arlo.requests).toHaveLength(1);
  });

  it('queryPlatformEvents: the documented batch query, deduplicated', async () => {
    serve(served('platform-events-query.xml'));
    const events = await client.queryPlatformEvents(['108', '109', '110', '108']);
    expect(lastRequest().url).toBe(
      `${API}platformevents/query/?ids=108,109,110&expand=PlatformEvent,PlatformEvent/Link`,
    );
    expect(events.map((event) => [event.id, event.entity?.resourceType])).toEqual([
      ['108', 'Contact'],
      ['109', 'Organisation'],
      ['110', 'Registration'],
    ]);
  });

  it('listPlatformEvents: the documented collection query', async () => {
    serve(served('platform-events-page.xml'));
    const page = await client.listPlatformEvents({ skip: 0, top: 100 });
    expect(lastRequest().url).toBe(`${API}platformevents/?expand=PlatformEvent&skip=0&top=100`);
    expect(page.items).toHaveLength(2);
    await client.listPlatformEventsByHref(page.nextHref!);
    expect(lastRequest().url).toBe(`${API}platformevents/?skip=2&top=2&expand=PlatformEvent`);
  });

  it('reports an unreadable 200 as a malformed response naming the request', async () => {
    serve('<Contact><ContactID>562</ContactID>');
    const error = await client.getResource('Contact', '562').then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    expect(error).toBeInstanceOf(ArloMalformedResponseError);
    expect(error?.message).toContain(`GET ${arlo.origin}${API}contacts/562/`);
    serve('<!DOCTYPE Contact [<!ENTITY x "y">]><Contact/>');
    await expect(client.getResource('Contact', '562')).rejects.toBeInstanceOf(ArloMalformedResponseError);
    serve(served('contact-expanded-employment.xml'));
    await expect(client.getResource('Organisation', '562')).rejects.toThrow(
      /expected a <Organisation> representation/,
    );
  });
});

describe('writing', () => {
  it('patchResource: PATCH with the diff and the same expand, answering the updated record', async () => {
    serve(served('contact-expanded-employment.xml'));
    const diff = arloFixture('patch-example-1-employment-position.xml');
    const { entity } = await client.patchResource('Contact', '562', diff, { expand: ['Employment'] });
    expect(lastRequest()).toMatchObject({
      method: 'PATCH',
      url: `${API}contacts/562/?expand=Employment`,
      body: diff,
    });
    expect(lastRequest().headers['content-type']).toMatch(/^application\/xml/);
    expect(entity.id).toBe('562');
  });

  it('createResource: POST to the collection; 201 with Location and the new record', async () => {
    serve(served('contact-expanded-employment.xml'), 201, { Location: `${arlo.origin}${API}contacts/562/` });
    const body = arloFixture('post-contact-with-employment.xml');
    const created = await client.createResource('Contact', body);
    expect(lastRequest()).toMatchObject({ method: 'POST', url: `${API}contacts/`, body });
    expect(created).toMatchObject({ id: '562', location: `${arlo.origin}${API}contacts/562/` });
    expect(created.entity?.fields.FirstName).toBe('Aroha');
  });

  it('createResource: takes the ID from Location when the 201 has no body', async () => {
    serve('', 201, { Location: `${API}contacts/33223/` });
    expect(
      await client.createResource('Contact', '<Contact><FirstName>A</FirstName></Contact>'),
    ).toMatchObject({
      id: '33223',
      location: `${arlo.origin}${API}contacts/33223/`,
    });
  });

  it('createResource: a 201 without any ID says the record may exist', async () => {
    serve('', 201);
    await expect(client.createResource('Contact', '<Contact/>')).rejects.toThrow(/the record may exist/);
  });

  it('putIntegrationData: PUT to integrationdata/{vendor id lower-cased}/ with the documented body', async () => {
    serve(
      '<ContactIntegrationData><VendorID>HRSystem</VendorID><SuppressIntegration>false</SuppressIntegration><ID>HR-40221</ID></ContactIntegrationData>',
    );
    const record = await client.putIntegrationData('Contact', '33223', 'HRSystem', {
      suppressIntegration: false,
      externalId: 'HR-40221',
    });
    expect(lastRequest()).toMatchObject({
      method: 'PUT',
      url: `${API}contacts/33223/integrationdata/hrsystem/`,
    });
    expect(lastRequest().body).toBe(
      '<ContactIntegrationData><VendorID>HRSystem</VendorID><SuppressIntegration>false</SuppressIntegration><ID>HR-40221</ID></ContactIntegrationData>',
    );
    expect(record).toMatchObject({
      vendorId: 'HRSystem',
      suppressIntegration: false,
      externalId: 'HR-40221',
    });
  });

  it('getIntegrationData reads SuppressIntegration', async () => {
    serve(
      '<OrganisationIntegrationData><VendorID>crm</VendorID><SuppressIntegration>true</SuppressIntegration></OrganisationIntegrationData>',
    );
    expect(await client.getIntegrationData('Organisation', '7', 'CRM')).toMatchObject({
      suppressIntegration: true,
    });
    expect(lastRequest().url).toBe(`${API}organisations/7/integrationdata/crm/`);
  });
});

describe('webhook endpoints', () => {
  it('creates an endpoint and returns its ID and signing key', async () => {
    serve(served('webhook-endpoint.xml'), 201);
    const endpoint = await client.createWebhookEndpoint({
      url: 'https://sync.example.org/webhooks/arlo',
      name: 'arlo-sync',
    });
    expect(lastRequest()).toMatchObject({ method: 'POST', url: `${API}webhookendpoints/` });
    expect(lastRequest().body).toContain('<PayloadSchema>Json_2019_11_01</PayloadSchema>');
    expect(endpoint).toMatchObject({
      id: '7',
      key: 'elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx',
      status: 'Active',
      payloadSchema: 'Json_2019_11_01',
    });
  });

  it('lists and reads endpoints', async () => {
    serve(served('webhook-endpoints.xml'));
    const { items } = await client.listWebhookEndpoints();
    expect(lastRequest().url).toBe(`${API}webhookendpoints/?expand=WebhookEndpoint`);
    expect(items.map((endpoint) => [endpoint.id, endpoint.url, endpoint.key])).toEqual([
      ['7', 'https://sync.example.org/webhooks/arlo', undefined],
    ]);
    serve(served('webhook-endpoints.xml'));
    await client.listWebhookEndpointsByHref(`${arlo.origin}${API}webhookendpoints/?skip=1`);
    expect(lastRequest().url).toBe(`${API}webhookendpoints/?skip=1`);
    serve(served('webhook-endpoint.xml'));
    expect((await client.getWebhookEndpoint('7')).id).toBe('7');
    expect(lastRequest().url).toBe(`${API}webhookendpoints/7/`);
  });
});

describe('argument validation, before any request', () => {
  it.each([
    ['a non-integer contact ID', (c: ArloClient) => c.getResource('Contact', '12/../../x')],
    [
      'a GUID where an integer is expected',
      (c: ArloClient) => c.getResource('Contact', 'f1d7b698-3c22-45df-9740-066f3594daa0'),
    ],
    [
      'an expand with a comma',
      (c: ArloClient) => c.getResource('Contact', '1', { expand: ['Employment,Foo'] }),
    ],
    ['a page size over 250', (c: ArloClient) => c.listPage('Contact', { top: 251 })],
    ['a negative skip', (c: ArloClient) => c.listPage('Contact', { skip: -1 })],
    ['no event IDs', (c: ArloClient) => c.queryPlatformEvents([])],
    ['a non-numeric event ID', (c: ArloClient) => c.queryPlatformEvents(['108', 'x'])],
    ['a diff that is not XML', (c: ArloClient) => c.patchResource('Contact', '1', '<diff>')],
    ['a diff with another root', (c: ArloClient) => c.patchResource('Contact', '1', '<Contact/>')],
    ['a POST body for another type', (c: ArloClient) => c.createResource('Contact', '<Organisation/>')],
    ['a vendor ID with a slash', (c: ArloClient) => c.putIntegrationData('Contact', '1', 'a/b', {})],
    ['a webhook endpoint ID with a slash', (c: ArloClient) => c.getWebhookEndpoint('../contacts')],
  ])('refuses %s', async (_what, call) => {
    await expect(call(client)).rejects.toThrow(RangeError);
    expect(arlo.requests).toHaveLength(0);
  });
});
