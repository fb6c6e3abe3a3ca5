/**
 * Request bodies and fragments in Arlo's XML shapes, built with xml-writer.ts (escaped, well-formed):
 * - related-resource Links with inline content (`Employment`, `PostalAddress`, `CustomFields`), usable
 *   both in a POST body and as the content of a PATCH `<add>` (Example 3 of the guide);
 * - POST bodies for a Contact (with inline Employment, PostalAddress, CustomFields) and an Organisation
 *   (with PostalAddress), as in "Creating new records with HTTP POST";
 * - the `{Type}IntegrationData` PUT body ("Maintaining cross-references with IntegrationData").
 * Field values are strings, written in the order given.
 */
import { textElement, writeXml, xmlElement, type XmlContent, type XmlNode } from './xml-writer';

export const ARLO_RELATED_REL = 'http://schemas.arlo.co/api/2012/02/auth/related/';

/** `<Link rel=".../related/{title}" type="application/xml" title="{title}" href?>content</Link>`. */
export function relatedLink(
  title: string,
  options: { href?: string; content?: readonly XmlContent[] } = {},
): XmlNode {
  return xmlElement(
    'Link',
    { rel: `${ARLO_RELATED_REL}${title}`, type: 'application/xml', title, href: options.href },
    options.content ?? [],
  );
}

/** Text fields as elements, in the order given. */
export function fieldElements(fields: Readonly<Record<string, string>>): XmlNode[] {
  return Object.entries(fields).map(([name, value]) => textElement(name, value));
}

export interface EmploymentInput {
  readonly position?: string;
  /** Absolute href of the Organisation, e.g. `https://demo.arlo.co/api/2012-02-01/auth/resources/organisations/823/`. */
  readonly organisationHref?: string;
  /** Further ContactEmployment fields, written after Position. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** The Employment Link with its nested ContactEmployment (the guide's POST body and PATCH Example 3). */
export function employmentLink(employment: EmploymentInput): XmlNode {
  return relatedLink('Employment', {
    content: [
      xmlElement('ContactEmployment', {}, [
        employment.position !== undefined && textElement('Position', employment.position),
        ...fieldElements(employment.fields ?? {}),
        employment.organisationHref !== undefined &&
          relatedLink('Organisation', { href: employment.organisationHref }),
      ]),
    ],
  });
}

/**
 * The properties of an Arlo Address, the resource a `PostalAddress` Link holds. The guides name the Link
 * and its `/postaladdress/` URL only; Arlo's reference page for Addresses
 * (developer.arlo.co/doc/api/2012-02-01/auth/resources/addresses) gives the element, `<Address>`, and
 * these properties.
 */
export const ARLO_ADDRESS_FIELDS = [
  'StreetLine1',
  'StreetLine2',
  'StreetLine3',
  'StreetLine4',
  'SuburbOrRegion',
  'City',
  'StateOrProvince',
  'PostCode',
  'Country',
] as const;

/** The PostalAddress Link with the address inline: `<Link title="PostalAddress"><Address>...</Address></Link>`. */
export function postalAddressLink(fields: Readonly<Record<string, string>>): XmlNode {
  return relatedLink('PostalAddress', { content: [xmlElement('Address', {}, fieldElements(fields))] });
}

export interface CustomFieldValue {
  readonly name: string;
  readonly value: string;
  /** The typed value element Arlo wraps the value in (`<Value><String>...</String></Value>`); default `String`. */
  readonly valueType?: string;
}

/** The CustomFields Link: `<CustomFields><Field><Name/><Value><String/></Value></Field>...</CustomFields>` (inferred shape). */
export function customFieldsLink(values: readonly CustomFieldValue[]): XmlNode {
  const fields = values.map((field) =>
    xmlElement('Field', {}, [
      textElement('Name', field.name),
      xmlElement('Value', {}, [textElement(field.valueType ?? 'String', field.value)]),
    ]),
  );
  return relatedLink('CustomFields', { content: [xmlElement('CustomFields', {}, fields)] });
}

export interface ContactCreateInput {
  /** e.g. FirstName, LastName, Email, PhoneWork, CodePrimary. */
  readonly fields: Readonly<Record<string, string>>;
  readonly employment?: EmploymentInput;
  readonly postalAddress?: Readonly<Record<string, string>>;
  readonly customFields?: readonly CustomFieldValue[];
}

export function contactCreateBody(input: ContactCreateInput): string {
  return writeXml(
    xmlElement('Contact', {}, [
      ...fieldElements(input.fields),
      input.employment !== undefined && employmentLink(input.employment),
      input.postalAddress !== undefined && postalAddressLink(input.postalAddress),
      input.customFields !== undefined &&
        input.customFields.length > 0 &&
        customFieldsLink(input.customFields),
    ]),
  );
}

export interface OrganisationCreateInput {
  /** e.g. Name, LegalName, CodePrimary, Email. */
  readonly fields: Readonly<Record<string, string>>;
  readonly postalAddress?: Readonly<Record<string, string>>;
}

export function organisationCreateBody(input: OrganisationCreateInput): string {
  return writeXml(
    xmlElement('Organisation', {}, [
      ...fieldElements(input.fields),
      input.postalAddress !== undefined && postalAddressLink(input.postalAddress),
    ]),
  );
}

export interface IntegrationDataInput {
  /** True tells every integration to leave this record alone. */
  readonly suppressIntegration?: boolean;
  /** Deep link back to the record in the external system. */
  readonly uri?: string;
  /** The external system's ID for the record (element `ID`). */
  readonly externalId?: string;
  /** Further vendor-chosen string values, by element name. */
  readonly values?: Readonly<Record<string, string>>;
}

const INTEGRATION_DATA_ELEMENTS = new Set(['VendorID', 'SuppressIntegration', 'Uri', 'ID']);

/** `<ContactIntegrationData><VendorID/><SuppressIntegration/><Uri/><ID/>...</ContactIntegrationData>`. */
export function integrationDataBody(
  resourceType: string,
  vendorId: string,
  data: IntegrationDataInput,
): string {
  const clash = Object.keys(data.values ?? {}).find((name) => INTEGRATION_DATA_ELEMENTS.has(name));
  if (clash !== undefined) {
    throw new RangeError(
      `IntegrationData value ${clash} has its own field: use vendorId, suppressIntegration, uri or externalId`,
    );
  }
  return writeXml(
    xmlElement(`${resourceType}IntegrationData`, {}, [
      textElement('VendorID', vendorId),
      data.suppressIntegration !== undefined &&
        textElement('SuppressIntegration', String(data.suppressIntegration)),
      data.uri !== undefined && textElement('Uri', data.uri),
      data.externalId !== undefined && textElement('ID', data.externalId),
      ...fieldElements(data.values ?? {}),
    ]),
  );
}
