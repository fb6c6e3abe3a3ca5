/**
 * Representations become plain JSON entities: IDs and 7-digit timestamps as sent, text fields, links,
 * inline-expanded related resources, and nested elements, with nothing the XML carried dropped.
 */
import { parseCollectionPage } from '../../../src/arlo/collections';
import {
  isArloEntity,
  parseEntity,
  parseRepresentation,
  type ArloSubResource,
} from '../../../src/arlo/entities';
import { ArloShapeError } from '../../../src/arlo/shape-error';
import { parseXml } from '../../../src/arlo/xml-parser';
import { arloFixture } from '../../helpers/arlo-fixtures';

const contact = parseEntity(parseXml(arloFixture('contact-expanded-employment.xml')), 'Contact');

describe('parseEntity', () => {
  it('reads the type, ID and timestamps exactly as sent (7 fractional digits kept)', () => {
    expect(contact).toMatchObject({
      resourceType: 'Contact',
      id: '562',
      createdDateTime: '2018-05-29T00:20:11.3165591Z',
      lastModifiedDateTime: '2024-01-15T08:30:00.1234567Z',
    });
  });

  it('keeps every text field as a string, decoded, with leading zeros and empty values', () => {
    expect(contact.fields).toMatchObject({
      FirstName: 'Aroha',
      LastName: 'Ngā & Sons',
      CodePrimary: '00123',
      PhoneWork: '',
      ContactID: '562',
    });
  });

  it('lists every Link in document order', () => {
    expect(contact.links.map((link) => link.title ?? link.rel)).toEqual([
      'self',
      'Employment',
      'PostalAddress',
      'IntegrationData',
    ]);
    expect(contact.links[1]).toEqual({
      rel: 'http://schemas.arlo.co/api/2012/02/auth/related/Employment',
      title: 'Employment',
      href: 'https://demo.arlo.co/api/2012-02-01/auth/resources/contacts/562/employment/',
    });
  });

  it('puts an inline-expanded Link under related, by title, with its own links', () => {
    const employment = contact.related.Employment as ArloSubResource;
    expect(employment.element).toBe('ContactEmployment');
    expect(employment.fields).toEqual({ Position: 'Developer' });
    expect(employment.links.find((link) => link.title === 'Organisation')?.href).toBe(
      'https://demo.arlo.co/api/2012-02-01/auth/resources/organisations/1423/',
    );
    expect(Object.keys(contact.related)).toEqual(['Employment']);
  });

  it('is plain JSON: survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(contact))).toEqual(contact);
  });

  it('keeps the last value of a field repeated at one level (the guide’s Registration has two Status)', () => {
    const registration = parseEntity(
      parseXml(
        '<Registration><RegistrationID>10989</RegistrationID><Status>Approved</Status><Status>Completed</Status><LastModifiedDateTime>2011-03-23T09:25:09.483Z</LastModifiedDateTime></Registration>',
      ),
    );
    expect(registration.fields.Status).toBe('Completed');
  });

  it('uses CreatedDateTime when a record has no LastModifiedDateTime, and keeps nested elements', () => {
    const request = parseEntity(parseXml(arloFixture('contact-merge-request.xml')), 'ContactMergeRequest');
    expect(request.id).toBe('f1d7b698-3c22-45df-9740-066f3594daa0');
    expect(request.lastModifiedDateTime).toBe('2023-07-18T00:02:58.0148878Z');
    expect(request.nested.SourceContactInfo?.[0]?.fields).toEqual({
      ContactID: '10987',
      UniqueIdentifier: '2af1573a-6227-14d9-0fe2-add46279113f',
    });
    expect(request.nested.DestinationContactInfo?.[0]?.fields.ContactID).toBe('872');
  });

  it('makes an array when several Links with one title are expanded (a nested collection)', () => {
    const xml = `<Contact><ContactID>1</ContactID><LastModifiedDateTime>2020-01-01T00:00:00Z</LastModifiedDateTime>
      <Link rel="r" title="Registrations" href="https://x/contacts/1/registrations/"><Registrations>
        <Link rel="r" title="Registration" href="https://x/registrations/5/"><Registration><RegistrationID>5</RegistrationID><LastModifiedDateTime>2020-01-01T00:00:00Z</LastModifiedDateTime></Registration></Link>
        <Link rel="r" title="Registration" href="https://x/registrations/6/"><Registration><RegistrationID>6</RegistrationID><LastModifiedDateTime>2020-01-01T00:00:00Z</LastModifiedDateTime></Registration></Link>
      </Registrations></Link></Contact>`;
    const registrations = parseEntity(parseXml(xml)).related.Registrations as ArloSubResource;
    const items = registrations.related.Registration;
    expect(Array.isArray(items)).toBe(true);
    expect((items as readonly { id: string }[]).map((item) => item.id)).toEqual(['5', '6']);
  });

  it.each([
    [
      'a missing ID',
      '<Contact><LastModifiedDateTime>2020-01-01T00:00:00Z</LastModifiedDateTime></Contact>',
      /no valid <ContactID>/,
    ],
    [
      'a non-integer ID',
      '<Contact><ContactID>12a</ContactID><LastModifiedDateTime>2020-01-01T00:00:00Z</LastModifiedDateTime></Contact>',
      /no valid <ContactID>/,
    ],
    [
      'an invalid timestamp',
      '<Contact><ContactID>1</ContactID><LastModifiedDateTime>yesterday</LastModifiedDateTime></Contact>',
      /invalid <LastModifiedDateTime>/,
    ],
    [
      'no timestamp at all',
      '<Contact><ContactID>1</ContactID></Contact>',
      /neither LastModifiedDateTime nor CreatedDateTime/,
    ],
    [
      'a Link without href',
      '<Contact><ContactID>1</ContactID><LastModifiedDateTime>2020-01-01T00:00:00Z</LastModifiedDateTime><Link rel="self"/></Contact>',
      /has no href/,
    ],
  ])('refuses %s with a shape error', (_what, xml, message) => {
    expect(() => parseEntity(parseXml(xml))).toThrow(ArloShapeError);
    expect(() => parseEntity(parseXml(xml))).toThrow(message);
  });

  it('refuses an element of another type than expected', () => {
    expect(() =>
      parseEntity(parseXml(arloFixture('contact-expanded-employment.xml')), 'Organisation'),
    ).toThrow('expected a <Organisation> representation, got <Contact>');
  });
});

describe('parseRepresentation', () => {
  it('makes a known resource type an entity and anything else a sub-resource', () => {
    const organisation = parseRepresentation(
      parseXml(
        '<Organisation><OrganisationID>7</OrganisationID><LastModifiedDateTime>2020-01-01T00:00:00Z</LastModifiedDateTime></Organisation>',
      ),
    );
    const address = parseRepresentation(
      parseXml('<PostalAddress><StreetLine1>1 Main St</StreetLine1></PostalAddress>'),
    );
    expect(isArloEntity(organisation)).toBe(true);
    expect(isArloEntity(address)).toBe(false);
    expect(address).toEqual({
      element: 'PostalAddress',
      fields: { StreetLine1: '1 Main St' },
      links: [],
      related: {},
      nested: {},
    });
  });
});

describe('parseCollectionPage', () => {
  const page = parseCollectionPage(parseXml(arloFixture('contacts-page.xml')), 'Contact');

  it('returns the expanded items in order, their hrefs, and the next page', () => {
    expect(page.items.map((item) => [item.id, item.lastModifiedDateTime])).toEqual([
      ['12', '2013-07-16T23:57:12.9431234Z'],
      ['12095', '2013-07-16T23:57:12.9439999Z'],
    ]);
    expect(page.items[1]?.fields.LastName).toBe("O'Neill");
    expect(page.itemHrefs).toEqual([
      'https://demo.arlo.co/api/2012-02-01/auth/resources/contacts/12/',
      'https://demo.arlo.co/api/2012-02-01/auth/resources/contacts/12095/',
    ]);
    expect(page.nextHref).toBe(
      'https://demo.arlo.co/api/2012-02-01/auth/resources/contacts/?orderby=LastModifiedDateTime%20ASC,ContactID%20ASC&expand=Contact&skip=2&top=2',
    );
  });

  it('has no next page on the last page, and lists unexpanded items by href only', () => {
    const last = parseCollectionPage(
      parseXml(
        '<Contacts><Link rel="r" title="Contact" href="https://x/contacts/3/"/><Link rel="self" href="https://x/contacts/"/></Contacts>',
      ),
    );
    expect(last).toEqual({ items: [], itemHrefs: ['https://x/contacts/3/'] });
  });

  it('refuses items of another type than asked for', () => {
    expect(() => parseCollectionPage(parseXml(arloFixture('contacts-page.xml')), 'Organisation')).toThrow(
      ArloShapeError,
    );
  });
});
