/**
 * IntegrationData (api-notes.md): a vendor-scoped record of cross-reference values on a Contact,
 * Organisation, Event or OnlineActivity, at `{collection}/{id}/integrationdata/{vendorid}/` (vendor ID
 * lower-cased in the URI, as Arlo's own plugin does). The root element is `{Type}IntegrationData`.
 */
import {
  isArloEntity,
  type ArloEntity,
  type ArloRelated,
  type ArloRepresentation,
  type ArloSubResource,
} from './entities';
import { ArloShapeError } from './shape-error';
import { isLeaf, type XmlElement } from './xml-tree';

export const INTEGRATION_DATA_TYPES = ['Contact', 'Organisation', 'Event', 'OnlineActivity'] as const;
export type IntegrationDataType = (typeof INTEGRATION_DATA_TYPES)[number];

export interface IntegrationDataRecord {
  readonly resourceType: IntegrationDataType;
  readonly vendorId: string;
  /** Undefined when Arlo did not say; true means "leave this record alone". */
  readonly suppressIntegration?: boolean;
  readonly uri?: string;
  /** The external system's ID (element `ID`). */
  readonly externalId?: string;
  /** Every text field as sent, including the ones above. */
  readonly values: Readonly<Record<string, string>>;
}

export function parseIntegrationData(
  root: XmlElement,
  resourceType: IntegrationDataType,
): IntegrationDataRecord {
  const expected = `${resourceType}IntegrationData`;
  if (root.name !== expected) throw new ArloShapeError(`expected <${expected}>, got <${root.name}>`);
  const values = Object.fromEntries(root.children.filter(isLeaf).map((child) => [child.name, child.text]));
  return integrationDataFromValues(resourceType, values);
}

/**
 * What `?expand=IntegrationData` carried inline on a record: `not-expanded` when the response has no
 * inline `<IntegrationData>` (the caller must then GET the vendor's IntegrationData itself), else the
 * entry of this vendor (vendor IDs compare case-insensitively, as in the URI), absent when it has none.
 */
export type ExpandedIntegrationData =
  { readonly kind: 'not-expanded' } | { readonly kind: 'expanded'; readonly record?: IntegrationDataRecord };

export const INTEGRATION_DATA_LINK = 'IntegrationData';

export function expandedIntegrationData(
  entity: ArloEntity,
  resourceType: IntegrationDataType,
  vendorId: string,
): ExpandedIntegrationData {
  const inline = entity.related[INTEGRATION_DATA_LINK];
  if (inline === undefined) return { kind: 'not-expanded' };
  const list = oneSubResource(inline);
  if (list?.element !== INTEGRATION_DATA_LINK) {
    throw new ArloShapeError(`the IntegrationData Link must hold one <${INTEGRATION_DATA_LINK}> element`);
  }
  const wanted = vendorId.toLowerCase();
  const entries = list.nested[`${resourceType}IntegrationData`] ?? [];
  const entry = entries.find((candidate) => candidate.fields.VendorID?.toLowerCase() === wanted);
  return entry
    ? { kind: 'expanded', record: integrationDataFromValues(resourceType, entry.fields) }
    : { kind: 'expanded' };
}

function oneSubResource(related: ArloRelated): ArloSubResource | undefined {
  if (Array.isArray(related)) return undefined;
  const single = related as ArloRepresentation;
  return isArloEntity(single) ? undefined : single;
}

function integrationDataFromValues(
  resourceType: IntegrationDataType,
  values: Readonly<Record<string, string>>,
): IntegrationDataRecord {
  const element = `${resourceType}IntegrationData`;
  const vendorId = values.VendorID;
  if (!vendorId) throw new ArloShapeError(`<${element}> has no <VendorID>`);
  const suppress = values.SuppressIntegration?.trim().toLowerCase();
  if (suppress !== undefined && suppress !== 'true' && suppress !== 'false') {
    throw new ArloShapeError(
      `<${element}> has SuppressIntegration ${JSON.stringify(values.SuppressIntegration)}`,
    );
  }
  return {
    resourceType,
    vendorId,
    ...(suppress !== undefined ? { suppressIntegration: suppress === 'true' } : {}),
    ...(values.Uri !== undefined ? { uri: values.Uri } : {}),
    ...(values.ID !== undefined ? { externalId: values.ID } : {}),
    values,
  };
}
