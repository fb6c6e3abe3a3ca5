/**
 * IntegrationData (api-notes.md): a vendor-scoped record of cross-reference values on a Contact,
 * Organisation, Event or OnlineActivity, at `{collection}/{id}/integrationdata/{vendorid}/` (vendor ID
 * lower-cased in the URI, as Arlo's own plugin does). The root element is `{Type}IntegrationData`.
 */
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
  const vendorId = values.VendorID;
  if (!vendorId) throw new ArloShapeError(`<${expected}> has no <VendorID>`);
  const suppress = values.SuppressIntegration?.trim().toLowerCase();
  if (suppress !== undefined && suppress !== 'true' && suppress !== 'false') {
    throw new ArloShapeError(
      `<${expected}> has SuppressIntegration ${JSON.stringify(values.SuppressIntegration)}`,
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
