/**
 * What `filter` and `orderby` can name on a collection, resolved against the schema BEFORE any record is
 * looked at, so a misspelt field is a 400 even on an empty collection. Navigation paths follow Links:
 * `Contact/ContactID` on registrations, `Employment/Organisation/OrganisationID` on contacts.
 */
import type { ResourceType } from '../../domain/resource-types';
import { parseTicks } from '../arlo-ticks';
import type { PlatformEvent } from '../event-log';
import type { SimRecord } from '../store/record';
import type { RecordStore } from '../store/record-store';
import {
  RESOURCE_SCHEMAS,
  fieldDef,
  linkDef,
  type FieldDef,
  type FieldKind,
  type ResourceSchema,
} from '../store/resource-schemas';
import { SUB_RESOURCE_SCHEMAS } from '../store/sub-resource-schemas';

export type Comparable = bigint | number | string | boolean;

export interface FieldAccessor<T> {
  readonly name: string;
  readonly kind: FieldKind;
  get(item: T): Comparable | undefined;
}

export interface QueryTarget<T> {
  /** Resolves a path, or returns the reason it names nothing. */
  resolve(path: readonly string[]): FieldAccessor<T> | string;
  /** Ties broken by ID ascending, so paging is stable. */
  compareIds(a: T, b: T): number;
}

type Navigate = (record: SimRecord) => SimRecord | undefined;

export function recordTarget(type: ResourceType, store: RecordStore): QueryTarget<SimRecord> {
  const schema = RESOURCE_SCHEMAS[type];
  return {
    resolve(path) {
      const steps = [...path];
      // `Contact/LastModifiedDateTime` on the contacts collection names the item itself.
      if (steps.length > 1 && steps[0] === schema.element && !linkDef(schema, schema.element)) steps.shift();
      return resolveIn(schema, steps, (r) => r, store, path.join('/'));
    },
    compareIds: (a, b) =>
      schema.fields[0]?.kind === 'integer' ? compare(BigInt(a.id), BigInt(b.id)) : compare(a.id, b.id),
  };
}

function resolveIn(
  schema: ResourceSchema,
  steps: readonly string[],
  navigate: Navigate,
  store: RecordStore,
  whole: string,
): FieldAccessor<SimRecord> | string {
  const [first, ...rest] = steps;
  if (first === undefined) return `"${whole}" names no field`;
  if (rest.length === 0) {
    const field = fieldDef(schema, first);
    if (!field)
      return `${schema.element} has no field "${first}" (fields: ${schema.fields.map((f) => f.name).join(', ')})`;
    return {
      name: whole,
      kind: field.kind,
      get: (item) => {
        const record = navigate(item);
        return record ? recordValue(record, field) : undefined;
      },
    };
  }
  const link = linkDef(schema, first);
  if (link?.kind === 'ref' && link.target) {
    const target = link.target;
    return resolveIn(
      RESOURCE_SCHEMAS[target],
      rest,
      (item) => followRef(navigate(item), first, target, store),
      store,
      whole,
    );
  }
  if (link?.kind === 'sub' && link.title === 'Employment') {
    if (rest[0] === 'Organisation') {
      return resolveIn(
        RESOURCE_SCHEMAS.Organisation,
        rest.slice(1),
        (item) => {
          const orgId = navigate(item)?.employment?.organisationId;
          return orgId === undefined ? undefined : store.getLive('Organisation', orgId);
        },
        store,
        whole,
      );
    }
    return subField(
      SUB_RESOURCE_SCHEMAS.Employment.fields,
      rest,
      whole,
      (item) => navigate(item)?.employment?.fields,
    );
  }
  if (link?.kind === 'sub' && link.title === 'PostalAddress') {
    return subField(
      SUB_RESOURCE_SCHEMAS.PostalAddress.fields,
      rest,
      whole,
      (item) => navigate(item)?.postalAddress,
    );
  }
  return `${schema.element} has no navigable Link "${first}" in "${whole}"`;
}

function subField(
  fields: readonly string[],
  rest: readonly string[],
  whole: string,
  values: (item: SimRecord) => ReadonlyMap<string, string> | undefined,
): FieldAccessor<SimRecord> | string {
  const name = rest[0];
  if (rest.length !== 1 || name === undefined || !fields.includes(name)) {
    return `"${whole}" names no field (fields there: ${fields.join(', ')})`;
  }
  return { name: whole, kind: 'string', get: (item) => values(item)?.get(name) };
}

function followRef(
  record: SimRecord | undefined,
  title: string,
  target: ResourceType,
  store: RecordStore,
): SimRecord | undefined {
  const id = record?.refs.get(title);
  return id === undefined ? undefined : store.getLive(target, id);
}

function recordValue(record: SimRecord, field: FieldDef): Comparable | undefined {
  if (field.name === 'LastModifiedDateTime') return record.lastModifiedTicks;
  if (field.name === 'CreatedDateTime') return record.createdTicks;
  const raw = record.fields.get(field.name);
  if (raw === undefined) return undefined;
  switch (field.kind) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? BigInt(raw) : undefined;
    case 'datetime':
      return parseTicks(raw);
    case 'decimal': {
      const n = Number(raw);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return raw === 'true';
    case 'guid':
      return raw.toLowerCase();
    default:
      return raw;
  }
}

const PLATFORM_EVENT_FIELDS: Readonly<Record<string, FieldAccessor<PlatformEvent>>> = {
  ID: { name: 'ID', kind: 'integer', get: (e) => e.idValue },
  Type: { name: 'Type', kind: 'string', get: (e) => e.type },
  ResourceType: { name: 'ResourceType', kind: 'string', get: (e) => e.resourceType },
  ResourceID: { name: 'ResourceID', kind: 'string', get: (e) => e.resourceId },
};

/** PlatformEvents filter and order on ID (catch-up walks events by ID) and on the other simple fields. */
export const platformEventTarget: QueryTarget<PlatformEvent> = {
  resolve(path) {
    const steps = path[0] === 'PlatformEvent' && path.length > 1 ? path.slice(1) : path;
    const accessor =
      steps.length === 1 && steps[0] !== undefined ? PLATFORM_EVENT_FIELDS[steps[0]] : undefined;
    return (
      accessor ??
      `PlatformEvent has no field "${path.join('/')}" (fields: ${Object.keys(PLATFORM_EVENT_FIELDS).join(', ')})`
    );
  },
  compareIds: (a, b) => compare(a.idValue, b.idValue),
};

export function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
