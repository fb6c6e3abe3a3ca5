/**
 * XML for the sub-resources stored with a record: ContactEmployment, Address (PostalAddress),
 * CustomFields and IntegrationData. Shapes follow the Arlo docs (ContactEmployment, Addresses,
 * CustomFields pages); the IntegrationData list element is inferred (see the simulator README).
 */
import { createHash } from 'node:crypto';

import type { ResourceType } from '../../domain/resource-types';
import type { CustomField, Employment, IntegrationDataEntry } from '../store/record';
import { element, leaf, type XmlElement, type XmlNode } from '../xml/xml-node';
import type { ExpandTree } from './expand';
import { relatedLink, selfLink } from './links';

export type ResolveOrganisation = (id: string, expand: ExpandTree) => XmlElement | undefined;

export function renderEmployment(
  employment: Employment,
  selfHref: string,
  organisationHref: (id: string) => string,
  expand: ExpandTree,
  resolveOrganisation: ResolveOrganisation,
): XmlElement {
  const children: XmlNode[] = [...employment.fields].map(([name, value]) => leaf(name, value));
  children.push(selfLink(selfHref));
  if (employment.organisationId !== undefined) {
    const nested = expand.get('Organisation');
    const inline = nested ? resolveOrganisation(employment.organisationId, nested) : undefined;
    children.push(relatedLink('Organisation', organisationHref(employment.organisationId), inline));
  }
  return element('ContactEmployment', [], children);
}

export function renderAddress(fields: ReadonlyMap<string, string>, selfHref: string): XmlElement {
  return element('Address', [], [...[...fields].map(([n, v]) => leaf(n, v)), selfLink(selfHref)]);
}

export function renderCustomFields(
  type: ResourceType,
  fields: readonly CustomField[],
  selfHref: string,
  fieldDescriptionHref: (guid: string) => string,
): XmlElement {
  const children: XmlNode[] = fields.map((field) =>
    element(
      'Field',
      [],
      [
        leaf('Name', field.name),
        element('Value', [], [renderCustomValue(field)]),
        relatedLink('FieldDescription', fieldDescriptionHref(fieldDescriptionId(type, field.name))),
      ],
    ),
  );
  children.push(selfLink(selfHref));
  return element('CustomFields', [], children);
}

function renderCustomValue(field: CustomField): XmlElement {
  if (field.valueType === 'StringArray') {
    return element(
      'StringArray',
      [],
      field.values.map((v) => leaf('String', v)),
    );
  }
  return leaf(field.valueType, field.values[0] ?? '');
}

/** A stable GUID per (resource type, field name), standing in for the platform's FieldDescription IDs. */
export function fieldDescriptionId(type: ResourceType, name: string): string {
  const h = createHash('sha1').update(`${type}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function integrationDataElement(type: ResourceType): string {
  return `${type}IntegrationData`;
}

export function renderIntegrationData(
  type: ResourceType,
  entry: IntegrationDataEntry,
  selfHref: string,
): XmlElement {
  return element(
    integrationDataElement(type),
    [],
    [...[...entry.fields].map(([n, v]) => leaf(n, v)), selfLink(selfHref)],
  );
}

export function renderIntegrationDataList(
  type: ResourceType,
  entries: ReadonlyMap<string, IntegrationDataEntry>,
  selfHref: string,
): XmlElement {
  const children: XmlNode[] = [...entries].map(([vendor, entry]) =>
    renderIntegrationData(type, entry, `${selfHref}${encodeURIComponent(vendor)}/`),
  );
  children.push(selfLink(selfHref));
  return element('IntegrationData', [], children);
}
