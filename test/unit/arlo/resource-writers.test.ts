/**
 * POST and PUT bodies in Arlo's shapes: the guide's Contact POST and IntegrationData PUT exactly (modulo
 * whitespace), the sub-resource Links, and escaping throughout.
 */
import {
  contactCreateBody,
  customFieldsLink,
  integrationDataBody,
  organisationCreateBody,
} from '../../../src/arlo/resource-writers';
import { webhookEndpointBody } from '../../../src/arlo/webhook-endpoints';
import { parseXml } from '../../../src/arlo/xml-parser';
import { childText, firstChild } from '../../../src/arlo/xml-tree';
import { writeXml, XmlWriteError, xmlElement } from '../../../src/arlo/xml-writer';
import { arloFixture, withoutInsignificantWhitespace } from '../../helpers/arlo-fixtures';

const RELATED = 'http://schemas.arlo.co/api/2012/02/auth/related/';

describe('contactCreateBody', () => {
  it('reproduces the guide’s POST of a contact with employment', () => {
    const body = contactCreateBody({
      fields: {
        FirstName: 'Sarah',
        LastName: 'Chen',
        Email: 'sarah.chen@example.org',
        PhoneWork: '+64 9 555 0142',
        CodePrimary: 'EMP-40221',
      },
      employment: {
        position: 'Product Manager',
        organisationHref: 'https://demo.arlo.co/api/2012-02-01/auth/resources/organisations/823/',
      },
    });
    expect(withoutInsignificantWhitespace(body)).toBe(
      withoutInsignificantWhitespace(arloFixture('post-contact-with-employment.xml')),
    );
  });

  it('adds PostalAddress and CustomFields as related Links, after the employment', () => {
    const root = parseXml(
      contactCreateBody({
        fields: { FirstName: 'Ana' },
        employment: { position: 'Nurse' },
        postalAddress: { StreetLine1: '1 Main St', City: 'Wellington' },
        customFields: [{ name: 'Tier', value: 'Gold' }],
      }),
    );
    const links = root.children.filter((child) => child.name === 'Link');
    expect(links.map((link) => [link.attributes.title, link.attributes.rel])).toEqual([
      ['Employment', `${RELATED}Employment`],
      ['PostalAddress', `${RELATED}PostalAddress`],
      ['CustomFields', `${RELATED}CustomFields`],
    ]);
    expect(childText(firstChild(links[1]!, 'Address')!, 'City')).toBe('Wellington');
    const field = firstChild(firstChild(links[2]!, 'CustomFields')!, 'Field')!;
    expect(childText(field, 'Name')).toBe('Tier');
    expect(childText(firstChild(field, 'Value')!, 'String')).toBe('Gold');
  });

  it('keeps hostile values as text', () => {
    const value = '</FirstName><Status>Inactive</Status><FirstName>&';
    const root = parseXml(contactCreateBody({ fields: { FirstName: value, LastName: 'x' } }));
    expect(root.children.map((child) => [child.name, child.text])).toEqual([
      ['FirstName', value],
      ['LastName', 'x'],
    ]);
  });

  it('refuses a field name that is not an XML name', () => {
    expect(() => contactCreateBody({ fields: { 'First Name': 'x' } })).toThrow(XmlWriteError);
  });
});

describe('organisationCreateBody', () => {
  it('writes the fields in order and the postal address', () => {
    expect(
      organisationCreateBody({
        fields: { Name: 'Acme & Co', CodePrimary: 'ACME' },
        postalAddress: { City: 'Auckland' },
      }),
    ).toBe(
      `<Organisation><Name>Acme &amp; Co</Name><CodePrimary>ACME</CodePrimary><Link rel="${RELATED}PostalAddress" type="application/xml" title="PostalAddress"><Address><City>Auckland</City></Address></Link></Organisation>`,
    );
  });
});

describe('integrationDataBody', () => {
  it('reproduces the guide’s ContactIntegrationData PUT', () => {
    const body = integrationDataBody('Contact', 'HRSystem', {
      suppressIntegration: false,
      externalId: 'HR-40221',
    });
    expect(withoutInsignificantWhitespace(body)).toBe(
      withoutInsignificantWhitespace(arloFixture('put-contact-integration-data.xml')),
    );
  });

  it('writes Uri and vendor values after the documented fields', () => {
    expect(
      integrationDataBody('Organisation', 'crm', {
        uri: 'https://crm.example.org/accounts/7?tab=a&b=c',
        externalId: 'A-7',
        values: { LastSyncedAt: '2024-01-15T08:30:00Z' },
      }),
    ).toBe(
      '<OrganisationIntegrationData><VendorID>crm</VendorID><Uri>https://crm.example.org/accounts/7?tab=a&amp;b=c</Uri><ID>A-7</ID><LastSyncedAt>2024-01-15T08:30:00Z</LastSyncedAt></OrganisationIntegrationData>',
    );
  });

  it('refuses a vendor value that would shadow a documented field', () => {
    expect(() => integrationDataBody('Contact', 'crm', { values: { ID: 'x' } })).toThrow(
      /use vendorId, suppressIntegration/,
    );
  });
});

describe('customFieldsLink', () => {
  it('wraps each value in its typed element', () => {
    expect(writeXml(customFieldsLink([{ name: 'Joined', value: '2024-01-15', valueType: 'Date' }]))).toBe(
      `<Link rel="${RELATED}CustomFields" type="application/xml" title="CustomFields"><CustomFields><Field><Name>Joined</Name><Value><Date>2024-01-15</Date></Value></Field></CustomFields></Link>`,
    );
  });
});

describe('webhookEndpointBody', () => {
  it('registers a callback URL with the documented payload schema', () => {
    expect(
      webhookEndpointBody({ url: 'https://sync.example.org/webhooks/arlo?x=1&y=2', name: 'arlo-sync' }),
    ).toBe(
      '<WebhookEndpoint><Name>arlo-sync</Name><Endpoint>https://sync.example.org/webhooks/arlo?x=1&amp;y=2</Endpoint><PayloadSchema>Json_2019_11_01</PayloadSchema></WebhookEndpoint>',
    );
  });

  it('names the event types in the plain form Arlo lists them', () => {
    expect(
      webhookEndpointBody({
        url: 'https://sync.example.org/hook',
        eventTypes: ['Contact.Updated', 'OrganisationUpdated'],
      }),
    ).toContain('<EventTypes>ContactUpdated,OrganisationUpdated</EventTypes>');
  });

  it.each(['/webhooks/arlo', 'ftp://example.org/x'])('refuses %p as a callback URL', (url) => {
    expect(() => webhookEndpointBody({ url })).toThrow(TypeError);
  });
});

describe('writeXml', () => {
  it('escapes attribute values so they cannot end the attribute or the tag', () => {
    const xml = writeXml(xmlElement('Link', { href: 'https://x/?a="1"&b=<2>\n' }));
    expect(xml).toBe('<Link href="https://x/?a=&quot;1&quot;&amp;b=&lt;2&gt;&#10;"/>');
    expect(parseXml(xml).attributes.href).toBe('https://x/?a="1"&b=<2>\n');
  });

  it('refuses element and attribute names that are not XML names', () => {
    expect(() => xmlElement('a b')).toThrow(XmlWriteError);
    expect(() => xmlElement('a', { 'x="1" y': 'z' })).toThrow(XmlWriteError);
  });

  it('refuses unpaired surrogates', () => {
    expect(() => writeXml(xmlElement('a', {}, ['\uD800']))).toThrow(/U\+D800/);
  });
});
