import type { ResourceType } from '../../domain/resource-types';

/** `<Field><Name/><Value><String>..</String></Value></Field>` of a CustomFields sub-resource. */
export interface CustomField {
  readonly name: string;
  /** The typed element inside `<Value>`: String, Integer, Decimal, Boolean, Date, DateTime or StringArray. */
  readonly valueType: string;
  /** One value, or several for StringArray. */
  readonly values: readonly string[];
}

export interface Employment {
  readonly fields: ReadonlyMap<string, string>;
  readonly organisationId: string | undefined;
}

export interface IntegrationDataEntry {
  /** As the vendor spelled it in the body; the map key is its lower-cased form (the URI segment). */
  readonly vendorId: string;
  /** VendorID, SuppressIntegration, Uri, ID and any further vendor keys, in document order. */
  readonly fields: ReadonlyMap<string, string>;
}

/**
 * One simulated resource. Sub-resources are stored as data (not XML) so that truth, validation and
 * rendering all agree. Deleted and merged records are kept: the truth reports them, the API answers 404
 * (or 308 for merged records when that knob is on).
 */
export interface SimRecord {
  readonly type: ResourceType;
  readonly id: string;
  /** Every simple field, including the ID, UniqueIdentifier and both timestamps (7 digits). */
  fields: Map<string, string>;
  createdTicks: bigint;
  lastModifiedTicks: bigint;
  /** Link title → ID of the referenced resource (Registration → Event, Contact; merge request sides...). */
  refs: Map<string, string>;
  employment: Employment | undefined;
  postalAddress: ReadonlyMap<string, string> | undefined;
  customFields: readonly CustomField[] | undefined;
  integrationData: Map<string, IntegrationDataEntry>;
  deleted: boolean;
  mergedInto: { readonly id: string; readonly requestId: string } | undefined;
}

export function isLive(record: SimRecord): boolean {
  return !record.deleted && record.mergedInto === undefined;
}
