/**
 * Reads sub-resource XML (as a client sends it inline in a POST or leaves it after a PATCH) into stored
 * data, with a 400 naming the problem for anything the platform would refuse.
 */
import { badRequest } from '../api-error';
import type { CustomField, Employment } from '../store/record';
import type { RecordStore } from '../store/record-store';
import { SUB_RESOURCE_SCHEMAS } from '../store/sub-resource-schemas';
import {
  attribute,
  childElement,
  childElements,
  isElement,
  isTextOnly,
  textContent,
  type XmlElement,
} from '../xml/xml-node';

export const MAX_FIELD_LENGTH = 1024;

export function readEmployment(el: XmlElement, store: RecordStore): Employment {
  expectName(el, SUB_RESOURCE_SCHEMAS.Employment.element, 'Employment');
  const fields = readSimpleFields(el, SUB_RESOURCE_SCHEMAS.Employment.fields);
  let organisationId: string | undefined;
  for (const link of childElements(el).filter((c) => c.name === 'Link')) {
    if (attribute(link, 'title') !== 'Organisation') continue;
    const href = attribute(link, 'href') ?? '';
    const id = /\/organisations\/(\d+)\/?$/.exec(href)?.[1];
    if (id === undefined) {
      throw badRequest(
        'InvalidEmployment',
        `Employment: the Organisation Link href "${href}" does not end in /organisations/{OrganisationID}/`,
      );
    }
    if (!store.getLive('Organisation', id)) {
      throw badRequest('InvalidEmployment', `Employment: Organisation ${id} does not exist`);
    }
    organisationId = id;
  }
  return { fields, organisationId };
}

export function readAddress(el: XmlElement): ReadonlyMap<string, string> {
  expectName(el, SUB_RESOURCE_SCHEMAS.PostalAddress.element, 'PostalAddress');
  return readSimpleFields(el, SUB_RESOURCE_SCHEMAS.PostalAddress.fields);
}

const CUSTOM_VALUE_TYPES = ['String', 'Integer', 'Decimal', 'Boolean', 'Date', 'DateTime', 'StringArray'];

export function readCustomFields(el: XmlElement): CustomField[] {
  expectName(el, 'CustomFields', 'CustomFields');
  const fields: CustomField[] = [];
  for (const child of childElements(el)) {
    if (child.name === 'Link') continue;
    if (child.name !== 'Field')
      throw badRequest(
        'InvalidCustomFields',
        `CustomFields may contain only <Field> elements, not <${child.name}>`,
      );
    const name = childElement(child, 'Name');
    const value = childElement(child, 'Value');
    if (!name || textContent(name).trim() === '' || !value) {
      throw badRequest('InvalidCustomFields', 'each <Field> needs a <Name> and a <Value>');
    }
    const fieldName = textContent(name).trim();
    const typed = childElements(value);
    const [valueElement] = typed;
    if (typed.length !== 1 || !valueElement || !CUSTOM_VALUE_TYPES.includes(valueElement.name)) {
      throw badRequest(
        'InvalidCustomFields',
        `Field ${fieldName}: <Value> must hold one of ${CUSTOM_VALUE_TYPES.join(', ')}`,
      );
    }
    const values =
      valueElement.name === 'StringArray'
        ? childElements(valueElement).map((s) => checkLength(textContent(s), `Field ${fieldName}`))
        : [checkLength(textContent(valueElement), `Field ${fieldName}`)];
    if (fields.some((f) => f.name === fieldName))
      throw badRequest('InvalidCustomFields', `Field ${fieldName} appears twice`);
    fields.push({ name: fieldName, valueType: valueElement.name, values });
  }
  return fields;
}

/** Text-only children named in `allowed`; Links are skipped (self links come back in PATCHed trees). */
function readSimpleFields(el: XmlElement, allowed: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const child of el.children) {
    if (!isElement(child)) {
      if (child.text.trim() !== '')
        throw badRequest(
          'UnexpectedContent',
          `<${el.name}> has stray text "${child.text.trim().slice(0, 40)}"`,
        );
      continue;
    }
    if (child.name === 'Link') continue;
    if (!allowed.includes(child.name) || !isTextOnly(child)) {
      throw badRequest(
        'UnknownField',
        `<${el.name}> has no field <${child.name}> (fields: ${allowed.join(', ')})`,
      );
    }
    if (fields.has(child.name)) throw badRequest('DuplicateField', `<${el.name}> has <${child.name}> twice`);
    const value = checkLength(textContent(child), `${el.name}/${child.name}`);
    if (value !== '') fields.set(child.name, value);
  }
  return fields;
}

export function checkLength(value: string, what: string): string {
  if (value.length > MAX_FIELD_LENGTH)
    throw badRequest('ValueTooLong', `${what} is longer than ${MAX_FIELD_LENGTH} characters`);
  return value;
}

function expectName(el: XmlElement, expected: string, title: string): void {
  if (el.name !== expected)
    throw badRequest('InvalidSubResource', `the ${title} Link must contain <${expected}>, not <${el.name}>`);
}
