/**
 * `?expand=IntegrationData` carries a record's IntegrationData inline (one `<{Type}IntegrationData>` per
 * vendor inside `<IntegrationData>`), so a push reads the record and its cross-reference in one GET.
 * The reader finds this vendor's entry, tells "no entry" from "not expanded", and refuses a malformed one.
 */
import { parseEntity } from '../../../src/arlo/entities';
import { expandedIntegrationData } from '../../../src/arlo/integration-data';
import { ArloShapeError } from '../../../src/arlo/shape-error';
import { parseXml } from '../../../src/arlo/xml-parser';

const BASE = 'https://demo.arlo.co/api/2012-02-01/auth/resources/contacts/562/';
const REL = 'http://schemas.arlo.co/api/2012/02/auth/related/IntegrationData';

function contactWith(integrationLinkContent: string | undefined) {
  const link =
    integrationLinkContent === undefined
      ? `<Link rel="${REL}" type="application/xml" title="IntegrationData" href="${BASE}integrationdata/"/>`
      : `<Link rel="${REL}" type="application/xml" title="IntegrationData" href="${BASE}integrationdata/">${integrationLinkContent}</Link>`;
  const xml = `<Contact><ContactID>562</ContactID><FirstName>Aroha</FirstName>
<LastModifiedDateTime>2024-01-15T08:30:00.1234567Z</LastModifiedDateTime>
<Link rel="self" type="application/xml" href="${BASE}"/>${link}</Contact>`;
  return parseEntity(parseXml(xml), 'Contact');
}

const entry = (vendor: string, fields: string) =>
  `<ContactIntegrationData><VendorID>${vendor}</VendorID>${fields}<Link rel="self" type="application/xml" href="${BASE}integrationdata/${vendor.toLowerCase()}/"/></ContactIntegrationData>`;
const list = (...entries: string[]) =>
  `<IntegrationData>${entries.join('')}<Link rel="self" type="application/xml" href="${BASE}integrationdata/"/></IntegrationData>`;

it("finds this vendor's entry among others, vendor ID case-insensitive, with SuppressIntegration and ID", () => {
  const contact = contactWith(
    list(
      entry('CRM', '<SuppressIntegration>false</SuppressIntegration><ID>C-1</ID>'),
      entry('HRSystem', '<SuppressIntegration>true</SuppressIntegration><ID>HR-40221</ID>'),
    ),
  );
  expect(expandedIntegrationData(contact, 'Contact', 'hrsystem')).toEqual({
    kind: 'expanded',
    record: {
      resourceType: 'Contact',
      vendorId: 'HRSystem',
      suppressIntegration: true,
      externalId: 'HR-40221',
      values: { VendorID: 'HRSystem', SuppressIntegration: 'true', ID: 'HR-40221' },
    },
  });
});

it('answers expanded without a record when no entry is this vendor’s (none, or only others)', () => {
  expect(expandedIntegrationData(contactWith(list()), 'Contact', 'HRSystem')).toEqual({ kind: 'expanded' });
  expect(
    expandedIntegrationData(contactWith(list(entry('CRM', '<ID>C-1</ID>'))), 'Contact', 'HRSystem'),
  ).toEqual({ kind: 'expanded' });
});

it('answers not-expanded when the Link carries nothing inline, so the caller reads it itself', () => {
  expect(expandedIntegrationData(contactWith(undefined), 'Contact', 'HRSystem')).toEqual({
    kind: 'not-expanded',
  });
});

it('refuses a Link holding something else, and an entry whose SuppressIntegration is not a boolean', () => {
  expect(() =>
    expandedIntegrationData(contactWith('<Something><A>1</A></Something>'), 'Contact', 'HRSystem'),
  ).toThrow(ArloShapeError);
  expect(() =>
    expandedIntegrationData(
      contactWith(list(entry('HRSystem', '<SuppressIntegration>maybe</SuppressIntegration>'))),
      'Contact',
      'HRSystem',
    ),
  ).toThrow(/SuppressIntegration "maybe"/);
});
