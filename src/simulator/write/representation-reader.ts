/**
 * Reads a resource representation back into record state: the result of a PATCH (the rendered resource
 * after the diff was applied) or a POSTed new resource. Simple fields are the root's text-only children;
 * sub-resources travel inside their Links. A PATCH that removes an expanded sub-resource's Link deletes
 * that sub-resource (Example 3 of the guide removes and re-adds Employment); a sub-resource that was not
 * expanded is left as it was.
 */
import { parseTicks } from '../arlo-ticks';
import { badRequest } from '../api-error';
import type { RecordState } from '../platform';
import type { ExpandTree } from '../render/expand';
import type { SimRecord } from '../store/record';
import type { RecordStore } from '../store/record-store';
import {
  fieldDef,
  type FieldDef,
  type ResourceSchema,
  type SubResourceTitle,
} from '../store/resource-schemas';
import { attribute, isElement, isTextOnly, textContent, type XmlElement } from '../xml/xml-node';
import { checkLength, readAddress, readCustomFields, readEmployment } from './sub-resource-reader';

export type ReadMode =
  | { readonly kind: 'create' }
  | {
      readonly kind: 'patch';
      readonly original: SimRecord;
      readonly expanded: ExpandTree;
      readonly before: RecordState;
    };

export function readRepresentation(
  schema: ResourceSchema,
  root: XmlElement,
  mode: ReadMode,
  store: RecordStore,
): RecordState {
  if (root.name !== schema.element) {
    throw badRequest('WrongResource', `expected a <${schema.element}> representation, found <${root.name}>`);
  }
  const fields = new Map<string, string>();
  const seen = new Set<string>();
  const subResources = new Map<SubResourceTitle, XmlElement>();
  for (const child of root.children) {
    if (!isElement(child)) {
      if (child.text.trim() !== '')
        throw badRequest(
          'UnexpectedContent',
          `<${schema.element}> has stray text "${child.text.trim().slice(0, 40)}"`,
        );
      continue;
    }
    if (child.name === 'Link') {
      readLink(schema, child, mode, subResources);
      continue;
    }
    if (schema.infoElements?.some((i) => i.element === child.name)) continue;
    const field = fieldDef(schema, child.name);
    if (!field || !isTextOnly(child)) {
      throw badRequest(
        'UnknownField',
        `<${schema.element}> has no field <${child.name}>; fields are ${schema.fields.map((f) => f.name).join(', ')}`,
      );
    }
    if (seen.has(field.name))
      throw badRequest('DuplicateField', `<${schema.element}> has <${field.name}> twice`);
    seen.add(field.name);
    const value = textContent(child);
    if (field.readOnly) {
      checkReadOnly(schema, field, value, mode);
      continue;
    }
    validateValue(schema, field, value);
    if (value !== '') fields.set(field.name, value);
  }
  // Required on creation and required for good: a PATCH may replace them but not remove them.
  const missing = schema.creatable?.required.filter((name) => !fields.has(name)) ?? [];
  if (missing.length > 0) {
    throw badRequest(
      'MissingField',
      mode.kind === 'create'
        ? `a new ${schema.element} needs ${missing.join(' and ')}`
        : `a ${schema.element} must keep ${missing.join(' and ')}; replace the value instead of removing it`,
    );
  }
  const before = mode.kind === 'patch' ? mode.before : undefined;
  const sub = <T>(
    title: SubResourceTitle,
    read: (el: XmlElement) => T,
    previous: T | undefined,
  ): T | undefined => {
    const el = subResources.get(title);
    if (el) return read(el);
    // Expanded and now absent: the client removed it. Not expanded: the client never saw it; keep it.
    return mode.kind === 'patch' && !mode.expanded.has(title) ? previous : undefined;
  };
  return {
    fields,
    refs: before?.refs ?? new Map(),
    employment: sub('Employment', (el) => readEmployment(el, store), before?.employment),
    postalAddress: sub('PostalAddress', readAddress, before?.postalAddress),
    customFields: sub('CustomFields', readCustomFields, before?.customFields),
    integrationData: before?.integrationData ?? new Map(),
  };
}

function readLink(
  schema: ResourceSchema,
  link: XmlElement,
  mode: ReadMode,
  subResources: Map<SubResourceTitle, XmlElement>,
): void {
  const title = attribute(link, 'title');
  const content = link.children.filter(isElement);
  if (title === undefined || content.length === 0) return;
  const def = schema.links.find((l) => l.title === title);
  if (def?.kind === 'integration' && mode.kind === 'create') {
    throw badRequest(
      'IntegrationDataNotInline',
      `IntegrationData cannot be included inline with a POST; create the ${schema.element} first, then PUT .../integrationdata/{VendorID}/`,
    );
  }
  if (def?.kind !== 'sub') return; // Related resources and IntegrationData are not changed through this resource.
  const [inner] = content;
  if (content.length !== 1 || !inner)
    throw badRequest('InvalidSubResource', `the ${title} Link must contain exactly one element`);
  if (subResources.has(def.title))
    throw badRequest('DuplicateLink', `<${schema.element}> has two ${title} Links with content`);
  subResources.set(def.title, inner);
}

function checkReadOnly(schema: ResourceSchema, field: FieldDef, value: string, mode: ReadMode): void {
  if (mode.kind === 'create') {
    throw badRequest(
      'ReadOnlyField',
      `${field.name} is assigned by Arlo; leave it out of a new ${schema.element}`,
    );
  }
  if (mode.original.fields.get(field.name) !== value) {
    throw badRequest('ReadOnlyField', `${schema.element}/${field.name} is read-only and cannot be changed`);
  }
}

export function validateValue(schema: ResourceSchema, field: FieldDef, value: string): void {
  checkLength(value, `${schema.element}/${field.name}`);
  if (value === '') return;
  const bad = (expected: string) =>
    badRequest(
      'InvalidValue',
      `${schema.element}/${field.name} must be ${expected}, not "${value.slice(0, 60)}"`,
    );
  switch (field.kind) {
    case 'datetime':
      if (parseTicks(value) === undefined) throw bad('a UTC timestamp such as 2024-01-15T00:00:00.000Z');
      break;
    case 'decimal':
      if (!/^-?\d+(\.\d+)?$/.test(value)) throw bad('a decimal number');
      break;
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw bad('true or false');
      break;
    case 'integer':
      if (!/^-?\d+$/.test(value)) throw bad('an integer');
      break;
    default:
  }
}
