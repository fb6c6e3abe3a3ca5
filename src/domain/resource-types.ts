/**
 * The Arlo resource types arlo-sync knows, with the facts the API needs about each: the element name of
 * its representation, the field that holds its ID, the collection path segment, and whether its IDs are
 * integers or GUIDs. One table, so nothing else hard-codes these strings.
 */
export const RESOURCE_TYPES = {
  Contact: { idField: 'ContactID', collection: 'contacts', idKind: 'integer' },
  Organisation: { idField: 'OrganisationID', collection: 'organisations', idKind: 'integer' },
  Registration: { idField: 'RegistrationID', collection: 'registrations', idKind: 'integer' },
  Event: { idField: 'EventID', collection: 'events', idKind: 'integer' },
  Order: { idField: 'OrderID', collection: 'orders', idKind: 'integer' },
  OnlineActivity: { idField: 'OnlineActivityID', collection: 'onlineactivities', idKind: 'integer' },
  EventTemplate: { idField: 'TemplateID', collection: 'eventtemplates', idKind: 'integer' },
  Lead: { idField: 'LeadID', collection: 'leads', idKind: 'integer' },
  CreditNote: { idField: 'CreditNoteID', collection: 'creditnotes', idKind: 'integer' },
  ContactMergeRequest: { idField: 'RequestID', collection: 'contactmergerequests', idKind: 'guid' },
  OrganisationMergeRequest: { idField: 'RequestID', collection: 'organisationmergerequests', idKind: 'guid' },
} as const satisfies Record<string, ResourceTypeInfo>;

export interface ResourceTypeInfo {
  readonly idField: string;
  readonly collection: string;
  readonly idKind: 'integer' | 'guid';
}

export type ResourceType = keyof typeof RESOURCE_TYPES;

/** The collections a bulk walk or reconciliation covers (those supporting LastModifiedDateTime ordering). */
export const BULK_RESOURCE_TYPES = [
  'Contact',
  'Organisation',
  'Registration',
  'Event',
  'Order',
] as const satisfies readonly ResourceType[];

export type BulkResourceType = (typeof BULK_RESOURCE_TYPES)[number];

export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RESOURCE_TYPES, value);
}

const INTEGER_ID = /^[1-9][0-9]{0,18}$/;
const GUID_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Resource IDs always travel as strings: integers for most types, GUIDs for merge requests. */
export function isResourceId(value: unknown): value is string {
  return typeof value === 'string' && (INTEGER_ID.test(value) || GUID_ID.test(value));
}

export function isResourceIdOf(type: ResourceType, value: unknown): value is string {
  const pattern = RESOURCE_TYPES[type].idKind === 'guid' ? GUID_ID : INTEGER_ID;
  return typeof value === 'string' && pattern.test(value);
}
