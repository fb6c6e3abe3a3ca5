/**
 * A record as a simulated Arlo user (control API, seed, demo) creates or edits it: plain JSON rather than
 * XML. Missing keys leave state as it is; `null` clears a field or removes a sub-resource.
 */
import { z } from 'zod';

import type { ResourceType } from '../../domain/resource-types';
import { badRequest } from '../api-error';
import type { RecordState } from '../platform';
import type { CustomField, IntegrationDataEntry } from '../store/record';
import type { RecordStore } from '../store/record-store';
import { fieldDef, RESOURCE_SCHEMAS } from '../store/resource-schemas';
import { INTEGRATION_DATA_KEYS, SUB_RESOURCE_SCHEMAS } from '../store/sub-resource-schemas';
import { validateValue } from './representation-reader';

const text = z.string().max(1024);

export const recordInputSchema = z
  .object({
    /** An explicit integer ID for a new record (e.g. 10987 to reproduce the guides' examples). */
    id: z
      .string()
      .regex(/^[1-9][0-9]{0,15}$/)
      .optional(),
    fields: z.record(z.string(), text.nullable()).optional(),
    /** Link title → ID of the referenced record, e.g. {"Event": "1001", "Contact": "1002"}. */
    refs: z.record(z.string(), z.string().nullable()).optional(),
    employment: z
      .object({ fields: z.record(z.string(), text).optional(), organisationId: z.string().optional() })
      .strict()
      .nullable()
      .optional(),
    postalAddress: z.record(z.string(), text).nullable().optional(),
    /** Name → String value, or an array for a StringArray value. */
    customFields: z
      .record(z.string(), z.union([text, z.array(text)]))
      .nullable()
      .optional(),
    /** Vendor ID → its keys (VendorID is filled in); null removes the vendor's entry. */
    integrationData: z.record(z.string(), z.record(z.string(), text).nullable()).optional(),
  })
  .strict();

export type RecordInput = z.infer<typeof recordInputSchema>;

export function applyRecordInput(
  type: ResourceType,
  base: RecordState,
  input: RecordInput,
  store: RecordStore,
): RecordState {
  const schema = RESOURCE_SCHEMAS[type];
  const titles = new Set(schema.links.map((l) => l.title));
  const fields = new Map(base.fields);
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    const field = fieldDef(schema, name);
    if (!field || field.readOnly) throw badRequest('UnknownField', `${type} has no writable field "${name}"`);
    if (value === null || value === '') fields.delete(name);
    else {
      validateValue(schema, field, value);
      fields.set(name, value);
    }
  }
  const refs = new Map(base.refs);
  for (const [title, id] of Object.entries(input.refs ?? {})) {
    const link = schema.links.find((l) => l.title === title);
    if (link?.kind !== 'ref') throw badRequest('UnknownRef', `${type} has no reference Link "${title}"`);
    if (id === null) refs.delete(title);
    else {
      if (link.target && !store.getLive(link.target, id))
        throw badRequest('UnknownRef', `${title}: ${link.target} ${id} does not exist`);
      refs.set(title, id);
    }
  }
  const need = (title: string) => {
    if (!titles.has(title)) throw badRequest('UnsupportedSubResource', `${type} has no ${title}`);
  };
  let employment = base.employment;
  if (input.employment !== undefined) {
    need('Employment');
    employment = input.employment === null ? undefined : readEmploymentInput(input.employment, store);
  }
  let postalAddress = base.postalAddress;
  if (input.postalAddress !== undefined) {
    need('PostalAddress');
    postalAddress =
      input.postalAddress === null
        ? undefined
        : onlyKnown(input.postalAddress, SUB_RESOURCE_SCHEMAS.PostalAddress.fields, 'PostalAddress');
  }
  let customFields = base.customFields;
  if (input.customFields !== undefined) {
    need('CustomFields');
    customFields =
      input.customFields === null ? undefined : Object.entries(input.customFields).map(customField);
  }
  const integrationData = new Map(base.integrationData);
  for (const [vendor, values] of Object.entries(input.integrationData ?? {})) {
    need('IntegrationData');
    if (values === null) integrationData.delete(vendor.toLowerCase());
    else integrationData.set(vendor.toLowerCase(), integrationEntry(vendor, values));
  }
  return { fields, refs, employment, postalAddress, customFields, integrationData };
}

function readEmploymentInput(
  input: { fields?: Record<string, string> | undefined; organisationId?: string | undefined },
  store: RecordStore,
) {
  if (input.organisationId !== undefined && !store.getLive('Organisation', input.organisationId)) {
    throw badRequest('UnknownRef', `Employment: Organisation ${input.organisationId} does not exist`);
  }
  return {
    fields: onlyKnown(input.fields ?? {}, SUB_RESOURCE_SCHEMAS.Employment.fields, 'Employment'),
    organisationId: input.organisationId,
  };
}

function onlyKnown(
  values: Record<string, string>,
  allowed: readonly string[],
  what: string,
): Map<string, string> {
  const ordered = new Map<string, string>();
  for (const name of Object.keys(values)) {
    if (!allowed.includes(name))
      throw badRequest('UnknownField', `${what} has no field "${name}" (fields: ${allowed.join(', ')})`);
  }
  for (const name of allowed) {
    const value = values[name];
    if (value !== undefined && value !== '') ordered.set(name, value);
  }
  return ordered;
}

function customField([name, value]: [string, string | string[]]): CustomField {
  return Array.isArray(value)
    ? { name, valueType: 'StringArray', values: value }
    : { name, valueType: 'String', values: [value] };
}

function integrationEntry(vendor: string, values: Record<string, string>): IntegrationDataEntry {
  const given = new Map(Object.entries({ ...values, VendorID: values.VendorID ?? vendor }));
  const fields = new Map<string, string>();
  for (const key of INTEGRATION_DATA_KEYS) {
    const value = given.get(key);
    if (value !== undefined) fields.set(key, value);
  }
  for (const [key, value] of given) if (!fields.has(key)) fields.set(key, value);
  return { vendorId: fields.get('VendorID') ?? vendor, fields };
}
