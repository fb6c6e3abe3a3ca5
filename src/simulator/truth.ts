/**
 * The full truth of a record, for comparing arlo-sync's mirror against the platform: every simple field
 * exactly as the API renders it (direct text-only children of the resource root, timestamps with 7
 * digits), the references, every sub-resource's fields, and the deleted/merged state (the API shows
 * neither deleted nor merged-away records; the truth does).
 */
import type { ResourceType } from '../domain/resource-types';
import type { SimRecord } from './store/record';
import type { RecordStore } from './store/record-store';

export interface TruthRecord {
  readonly type: ResourceType;
  readonly id: string;
  readonly createdDateTime: string;
  readonly lastModifiedDateTime: string;
  readonly deleted: boolean;
  /** The surviving record's ID when this one was merged away. */
  readonly mergedInto: string | undefined;
  readonly fields: Record<string, string>;
  readonly refs: Record<string, string>;
  /** Position, Department... plus OrganisationID. */
  readonly employment: Record<string, string> | undefined;
  readonly postalAddress: Record<string, string> | undefined;
  /** Name → value (an array for StringArray values). */
  readonly customFields: Record<string, string | string[]> | undefined;
  /** Lower-cased vendor ID → its keys. */
  readonly integrationData: Record<string, Record<string, string>>;
}

export function truthOf(record: SimRecord): TruthRecord {
  return {
    type: record.type,
    id: record.id,
    createdDateTime: record.fields.get('CreatedDateTime') ?? '',
    lastModifiedDateTime: record.fields.get('LastModifiedDateTime') ?? '',
    deleted: record.deleted,
    mergedInto: record.mergedInto?.id,
    fields: Object.fromEntries(record.fields),
    refs: Object.fromEntries(record.refs),
    employment: record.employment && {
      ...Object.fromEntries(record.employment.fields),
      ...(record.employment.organisationId === undefined
        ? {}
        : { OrganisationID: record.employment.organisationId }),
    },
    postalAddress: record.postalAddress && Object.fromEntries(record.postalAddress),
    customFields:
      record.customFields &&
      Object.fromEntries(
        record.customFields.map((f) => [
          f.name,
          f.valueType === 'StringArray' ? [...f.values] : (f.values[0] ?? ''),
        ]),
      ),
    integrationData: Object.fromEntries(
      [...record.integrationData].map(([vendor, entry]) => [vendor, Object.fromEntries(entry.fields)]),
    ),
  };
}

export function truthOfType(store: RecordStore, type: ResourceType): TruthRecord[] {
  return store.all(type).map(truthOf);
}
