/**
 * PlatformEvents, from the guide's own batch-query example: one record per event with its 64-bit ID,
 * action, resource reference and (when expanded) the resource's current state.
 */
import {
  missingEventIds,
  parsePlatformEvent,
  parsePlatformEventPage,
} from '../../../src/arlo/platform-events';
import { ArloShapeError } from '../../../src/arlo/shape-error';
import { parseXml } from '../../../src/arlo/xml-parser';
import { arloFixture } from '../../helpers/arlo-fixtures';

const BASE = 'https://demo.arlo.co/api/2012-02-01/auth/resources/';

describe('parsePlatformEventPage on the guide’s query example (verbatim)', () => {
  const page = parsePlatformEventPage(parseXml(arloFixture('platform-events-query.xml')));

  it('returns one record per event, in order, with the documented fields', () => {
    expect(
      page.items.map(({ id, action, resourceType, resourceId, resourceHref }) => ({
        id,
        action,
        resourceType,
        resourceId,
        resourceHref,
      })),
    ).toEqual([
      {
        id: '108',
        action: 'Updated',
        resourceType: 'Contact',
        resourceId: '10987',
        resourceHref: `${BASE}contacts/10987/`,
      },
      {
        id: '109',
        action: 'Updated',
        resourceType: 'Organisation',
        resourceId: '10988',
        resourceHref: `${BASE}organisations/10988/`,
      },
      {
        id: '110',
        action: 'Created',
        resourceType: 'Registration',
        resourceId: '10989',
        resourceHref: `${BASE}registrations/10989/`,
      },
    ]);
    expect(page.nextHref).toBeUndefined();
  });

  it('carries each expanded resource as an entity', () => {
    const [contact, organisation, registration] = page.items.map((event) => event.entity);
    expect(contact).toMatchObject({
      resourceType: 'Contact',
      id: '10987',
      lastModifiedDateTime: '2011-10-19T02:55:42.412Z',
    });
    expect(contact?.fields.Email).toBe('barry@example.org');
    expect(contact?.links.map((link) => link.title ?? link.rel)).toEqual([
      'self',
      'CustomFields',
      'PostalAddress',
      'Employment',
      'TimeZone',
      'IntegrationData',
      'Registrations',
      'Regions',
      'Marketing',
      'PresenterIdentity',
      'Security',
    ]);
    expect(organisation?.fields.LegalName).toBe('Acme Consultants Limited');
    expect(registration?.fields.CertificateSentDateTime).toBe('2018-05-29T00:20:11.3165591Z');
  });
});

describe('parsePlatformEventPage on a collection page', () => {
  const page = parsePlatformEventPage(parseXml(arloFixture('platform-events-page.xml')));

  it('keeps 64-bit IDs exact', () => {
    expect(page.items.map((event) => event.id)).toEqual(['9223372036854775806', '9223372036854775807']);
  });

  it('gives a deleted resource no entity', () => {
    expect(page.items[0]).toEqual({
      id: '9223372036854775806',
      action: 'Deleted',
      resourceType: 'Contact',
      resourceId: '10987',
    });
  });

  it('passes an event about a type arlo-sync does not know through, without an entity', () => {
    expect(page.items[1]).toEqual({
      id: '9223372036854775807',
      action: 'Created',
      resourceType: 'Certificate',
      resourceId: '5501',
      resourceHref: `${BASE}certificates/5501/`,
    });
  });

  it('returns the next page', () => {
    expect(page.nextHref).toBe(`${BASE}platformevents/?skip=2&top=2&expand=PlatformEvent`);
  });
});

describe('parsePlatformEvent refuses', () => {
  const event = (inner: string) => parseXml(`<PlatformEvent>${inner}</PlatformEvent>`);

  it.each([
    [
      'an ID beyond 64 bits',
      '<ID>9223372036854775808</ID><Type>Created</Type><ResourceType>Contact</ResourceType><ResourceID>1</ResourceID>',
      /64-bit <ID>/,
    ],
    [
      'a missing Type',
      '<ID>1</ID><ResourceType>Contact</ResourceType><ResourceID>1</ResourceID>',
      /no <Type>/,
    ],
    [
      'a Contact with a GUID ID',
      '<ID>1</ID><Type>Created</Type><ResourceType>Contact</ResourceType><ResourceID>f1d7b698-3c22-45df-9740-066f3594daa0</ResourceID>',
      /not a Contact ID/,
    ],
  ])('%s', (_what, inner, message) => {
    expect(() => parsePlatformEvent(event(inner))).toThrow(ArloShapeError);
    expect(() => parsePlatformEvent(event(inner))).toThrow(message);
  });

  it('an expanded entity of another type than the event names', () => {
    const xml = `<ID>1</ID><Type>Updated</Type><ResourceType>Contact</ResourceType><ResourceID>5</ResourceID>
      <Link rel="r" title="Link" href="${BASE}organisations/5/"><Organisation><OrganisationID>5</OrganisationID><LastModifiedDateTime>2020-01-01T00:00:00Z</LastModifiedDateTime></Organisation></Link>`;
    expect(() => parsePlatformEvent(event(xml))).toThrow(
      'expected a <Contact> representation, got <Organisation>',
    );
  });
});

describe('missingEventIds', () => {
  it('lists the requested IDs a response did not return, in request order', () => {
    const page = parsePlatformEventPage(parseXml(arloFixture('platform-events-query.xml')));
    expect(missingEventIds(['107', '108', '110', '111'], page.items)).toEqual(['107', '111']);
  });
});
