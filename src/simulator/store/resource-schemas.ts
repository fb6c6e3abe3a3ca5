/**
 * What each simulated resource looks like: its root element, its simple fields (in the order the guides
 * print them, with the type the filter language compares them as) and its Links (in the guides' order).
 * Rendering, filtering, PATCH and POST all read this one table.
 */
import { RESOURCE_TYPES, type ResourceType } from '../../domain/resource-types';

export type FieldKind = 'integer' | 'string' | 'datetime' | 'decimal' | 'boolean' | 'guid';

export interface FieldDef {
  readonly name: string;
  readonly kind: FieldKind;
  /** Server-maintained: present in every representation, never writable by a client. */
  readonly readOnly?: boolean;
}

export type SubResourceTitle = 'CustomFields' | 'PostalAddress' | 'Employment';

export type LinkDef =
  /** A sub-resource stored with the record and expandable inline. */
  | { readonly kind: 'sub'; readonly title: SubResourceTitle; readonly segment: string }
  /** The vendor-scoped IntegrationData collection of the record. */
  | { readonly kind: 'integration'; readonly title: 'IntegrationData'; readonly segment: 'integrationdata' }
  /** A reference held in `record.refs[title]`; expandable when `target` is a simulated type. */
  | {
      readonly kind: 'ref';
      readonly title: string;
      readonly collection: string;
      readonly target?: ResourceType;
    }
  /** A fixed related resource the simulator does not model (e.g. the platform's time zone). */
  | { readonly kind: 'static'; readonly title: string; readonly path: string }
  /** A child collection the simulator does not model: the Link is rendered, never expanded. */
  | { readonly kind: 'nested'; readonly title: string; readonly segment: string };

/** `<SourceContactInfo><ContactID/><UniqueIdentifier/></SourceContactInfo>` on merge requests. */
export interface InfoElementDef {
  readonly element: string;
  /** Key in `record.refs` naming the referenced record. */
  readonly ref: string;
  readonly target: ResourceType;
}

export interface ResourceSchema {
  readonly type: ResourceType;
  readonly element: string;
  readonly collectionElement: string;
  readonly collection: string;
  readonly idField: string;
  readonly fields: readonly FieldDef[];
  readonly links: readonly LinkDef[];
  readonly infoElements?: readonly InfoElementDef[];
  /** HTTP PATCH accepted. */
  readonly patchable: boolean;
  /** HTTP POST to the collection accepted; these fields are then required. */
  readonly creatable?: { readonly required: readonly string[] };
}

const s = (name: string): FieldDef => ({ name, kind: 'string' });
const dt = (name: string): FieldDef => ({ name, kind: 'datetime' });
const dec = (name: string): FieldDef => ({ name, kind: 'decimal' });
const bool = (name: string): FieldDef => ({ name, kind: 'boolean' });
const id = (name: string, kind: FieldKind = 'integer'): FieldDef => ({ name, kind, readOnly: true });
const uid: FieldDef = { name: 'UniqueIdentifier', kind: 'guid', readOnly: true };
const created: FieldDef = { name: 'CreatedDateTime', kind: 'datetime', readOnly: true };
const modified: FieldDef = { name: 'LastModifiedDateTime', kind: 'datetime', readOnly: true };

const customFields = { kind: 'sub', title: 'CustomFields', segment: 'customfields' } as const;
const postalAddress = { kind: 'sub', title: 'PostalAddress', segment: 'postaladdress' } as const;
const integrationData = {
  kind: 'integration',
  title: 'IntegrationData',
  segment: 'integrationdata',
} as const;
const nested = (title: string, segment: string): LinkDef => ({ kind: 'nested', title, segment });
const ref = (title: string, target: ResourceType): LinkDef => ({
  kind: 'ref',
  title,
  collection: RESOURCE_TYPES[target].collection,
  target,
});

function schema(
  type: ResourceType,
  collectionElement: string,
  rest: Omit<ResourceSchema, 'type' | 'element' | 'collectionElement' | 'collection' | 'idField'>,
): ResourceSchema {
  const info = RESOURCE_TYPES[type];
  return {
    type,
    element: type,
    collectionElement,
    collection: info.collection,
    idField: info.idField,
    ...rest,
  };
}

export const RESOURCE_SCHEMAS: Readonly<Record<ResourceType, ResourceSchema>> = {
  Contact: schema('Contact', 'Contacts', {
    fields: [
      id('ContactID'),
      uid,
      s('FirstName'),
      s('LastName'),
      s('Email'),
      s('CodePrimary'),
      s('PhoneWork'),
      s('PhoneHome'),
      s('PhoneMobile'),
      s('Status'),
      created,
      modified,
    ],
    links: [
      customFields,
      postalAddress,
      { kind: 'sub', title: 'Employment', segment: 'employment' },
      { kind: 'static', title: 'TimeZone', path: 'timezones/2/' },
      integrationData,
      nested('Registrations', 'registrations'),
      nested('Regions', 'regions'),
      nested('Marketing', 'marketing'),
      nested('PresenterIdentity', 'presenteridentity'),
      nested('Security', 'security'),
    ],
    patchable: true,
    creatable: { required: ['FirstName', 'LastName'] },
  }),
  Organisation: schema('Organisation', 'Organisations', {
    fields: [
      id('OrganisationID'),
      s('Name'),
      s('LegalName'),
      s('Email'),
      s('CodePrimary'),
      s('CodeSecondary'),
      s('PhonePrimary'),
      s('PhoneSecondary'),
      s('WebsiteUrl'),
      s('Status'),
      created,
      modified,
    ],
    links: [
      postalAddress,
      ref('AccountManager', 'Contact'),
      ref('KeyContact', 'Contact'),
      nested('ChildOrganisations', 'childorganisations'),
      integrationData,
    ],
    patchable: true,
    creatable: { required: ['Name'] },
  }),
  Registration: schema('Registration', 'Registrations', {
    fields: [
      id('RegistrationID'),
      uid,
      s('Attendance'),
      s('Outcome'),
      s('Grade'),
      s('Status'),
      dec('ProgressPercent'),
      s('ProgressStatus'),
      dt('CertificateSentDateTime'),
      dt('CompletedDateTime'),
      s('Comments'),
      created,
      modified,
    ],
    links: [
      customFields,
      ref('Event', 'Event'),
      ref('Contact', 'Contact'),
      nested('SourceInfo', 'sourceinfo'),
      nested('SessionRegistrations', 'sessionregistrations'),
      nested('OptionRegistrations', 'optionregistrations'),
      { kind: 'ref', title: 'OrderLine', collection: 'orderlines' },
    ],
    patchable: true,
  }),
  Event: schema('Event', 'Events', {
    fields: [
      id('EventID'),
      uid,
      s('Code'),
      s('Name'),
      dt('StartDateTime'),
      dt('FinishDateTime'),
      s('LocationName'),
      s('Description'),
      s('Status'),
      created,
      modified,
    ],
    links: [
      ref('EventTemplate', 'EventTemplate'),
      nested('Sessions', 'sessions'),
      nested('Registrations', 'registrations'),
      customFields,
      integrationData,
    ],
    patchable: true,
  }),
  Order: schema('Order', 'Orders', {
    fields: [
      id('OrderID'),
      uid,
      s('OrderNumber'),
      s('Status'),
      s('CurrencyCode'),
      dec('SubTotalAmount'),
      dec('TotalAmount'),
      created,
      modified,
    ],
    links: [ref('Contact', 'Contact'), ref('Organisation', 'Organisation'), nested('Lines', 'lines')],
    patchable: true,
  }),
  OnlineActivity: schema('OnlineActivity', 'OnlineActivities', {
    fields: [
      id('OnlineActivityID'),
      uid,
      s('Code'),
      s('Name'),
      s('DeliveryDescription'),
      s('ContentUri'),
      s('Status'),
      created,
      modified,
    ],
    links: [ref('EventTemplate', 'EventTemplate'), nested('Registrations', 'registrations'), integrationData],
    patchable: true,
  }),
  EventTemplate: schema('EventTemplate', 'EventTemplates', {
    fields: [
      id('TemplateID'),
      uid,
      s('Code'),
      s('Name'),
      s('AdvertisedDuration'),
      bool('IsPrivate'),
      s('Status'),
      created,
      modified,
    ],
    links: [customFields, nested('Events', 'events')],
    patchable: true,
  }),
  Lead: schema('Lead', 'Leads', {
    fields: [id('LeadID'), uid, s('Status'), s('Source'), s('Description'), created, modified],
    links: [ref('Contact', 'Contact'), ref('Organisation', 'Organisation')],
    patchable: true,
  }),
  CreditNote: schema('CreditNote', 'CreditNotes', {
    fields: [
      id('CreditNoteID'),
      uid,
      s('CreditNoteNumber'),
      s('Status'),
      s('CurrencyCode'),
      dec('TotalAmount'),
      created,
      modified,
    ],
    links: [ref('Contact', 'Contact'), ref('Order', 'Order')],
    patchable: true,
  }),
  ContactMergeRequest: schema('ContactMergeRequest', 'ContactMergeRequests', {
    fields: [id('RequestID', 'guid'), created, modified],
    links: [],
    infoElements: [
      { element: 'SourceContactInfo', ref: 'SourceContact', target: 'Contact' },
      { element: 'DestinationContactInfo', ref: 'DestinationContact', target: 'Contact' },
    ],
    patchable: false,
  }),
  OrganisationMergeRequest: schema('OrganisationMergeRequest', 'OrganisationMergeRequests', {
    fields: [id('RequestID', 'guid'), created, modified],
    links: [],
    infoElements: [
      { element: 'SourceOrganisationInfo', ref: 'SourceOrganisation', target: 'Organisation' },
      { element: 'DestinationOrganisationInfo', ref: 'DestinationOrganisation', target: 'Organisation' },
    ],
    patchable: false,
  }),
};

export function fieldDef(schemaOf: ResourceSchema, name: string): FieldDef | undefined {
  return schemaOf.fields.find((f) => f.name === name);
}

export function linkDef(schemaOf: ResourceSchema, title: string): LinkDef | undefined {
  return schemaOf.links.find((l) => l.title === title);
}
