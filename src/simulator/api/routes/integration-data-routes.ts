/**
 * IntegrationData (api-notes.md): `GET .../integrationdata/`, and `GET`/`PUT .../integrationdata/{vendor}/`
 * with the vendor ID case-insensitive in the URI. A PUT replaces the vendor's entry whole and, like
 * every accepted write, bumps the owner's LastModifiedDateTime and records an Updated event.
 */
import { badRequest, notFound } from '../../api-error';
import { stateOf } from '../../platform';
import {
  integrationDataElement,
  renderIntegrationData,
  renderIntegrationDataList,
} from '../../render/sub-resource-renderer';
import type { SimulatorCore } from '../../simulator-core';
import type { IntegrationDataEntry } from '../../store/record';
import { type ResourceSchema } from '../../store/resource-schemas';
import { INTEGRATION_DATA_KEYS } from '../../store/sub-resource-schemas';
import { checkLength } from '../../write/sub-resource-reader';
import { isElement, isTextOnly, textContent, type XmlElement } from '../../xml/xml-node';
import { readXmlBody } from '../request-body';
import type { RouteTable } from '../route-table';
import { findRecord } from './find-record';

const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_KEYS = 50;

export function addIntegrationDataRoutes(
  table: RouteTable,
  core: SimulatorCore,
  schema: ResourceSchema,
): void {
  const base = `/${schema.collection}/:id/integrationdata/`;
  const listHref = (id: string) => `${core.renderer.hrefs.resource(schema.type, id)}integrationdata/`;

  table.add('GET', base, (ctx, params) => {
    const record = findRecord(core, schema.type, params.id ?? '');
    ctx.state.xml = renderIntegrationDataList(schema.type, record.integrationData, listHref(record.id));
  });

  table.add('GET', `${base}:vendor/`, (ctx, params) => {
    const record = findRecord(core, schema.type, params.id ?? '');
    const vendor = (params.vendor ?? '').toLowerCase();
    const entry = record.integrationData.get(vendor);
    if (!entry)
      throw notFound(
        `${schema.type} ${record.id} has no IntegrationData for vendor "${params.vendor ?? ''}".`,
      );
    ctx.state.xml = renderIntegrationData(
      schema.type,
      entry,
      `${listHref(record.id)}${encodeURIComponent(vendor)}/`,
    );
  });

  table.add('PUT', `${base}:vendor/`, async (ctx, params) => {
    const record = findRecord(core, schema.type, params.id ?? '');
    const vendor = (params.vendor ?? '').toLowerCase();
    const entry = readEntry(schema, await readXmlBody(ctx, core.maxBodyBytes), vendor);
    const state = stateOf(record);
    const existed = state.integrationData.has(vendor);
    core.platform.commit(record, {
      ...state,
      integrationData: new Map(state.integrationData).set(vendor, entry),
    });
    ctx.status = existed ? 200 : 201;
    ctx.state.xml = renderIntegrationData(
      schema.type,
      entry,
      `${listHref(record.id)}${encodeURIComponent(vendor)}/`,
    );
  });
}

function readEntry(schema: ResourceSchema, root: XmlElement, vendor: string): IntegrationDataEntry {
  const expected = integrationDataElement(schema.type);
  if (root.name !== expected)
    throw badRequest('WrongResource', `expected <${expected}>, found <${root.name}>`);
  const given = new Map<string, string>();
  for (const child of root.children) {
    if (!isElement(child)) {
      if (child.text.trim() !== '') throw badRequest('UnexpectedContent', `<${expected}> has stray text`);
      continue;
    }
    if (child.name === 'Link') continue;
    if (!isTextOnly(child) || !KEY_NAME.test(child.name)) {
      throw badRequest(
        'InvalidIntegrationData',
        `<${expected}> holds only simple string-valued elements; <${child.name}> is not one`,
      );
    }
    if (given.has(child.name)) throw badRequest('DuplicateField', `<${expected}> has <${child.name}> twice`);
    given.set(child.name, checkLength(textContent(child), `${expected}/${child.name}`));
  }
  if (given.size > MAX_KEYS)
    throw badRequest('InvalidIntegrationData', `at most ${MAX_KEYS} keys per vendor`);
  const vendorId = given.get('VendorID');
  if (vendorId === undefined || vendorId.toLowerCase() !== vendor) {
    throw badRequest(
      'VendorMismatch',
      `<VendorID> must be present and match the vendor in the URI ("${vendor}")`,
    );
  }
  const suppress = given.get('SuppressIntegration');
  if (suppress !== undefined && suppress !== 'true' && suppress !== 'false') {
    throw badRequest('InvalidValue', 'SuppressIntegration must be true or false');
  }
  const fields = new Map<string, string>();
  for (const key of INTEGRATION_DATA_KEYS) {
    const value = given.get(key);
    if (value !== undefined) fields.set(key, value);
  }
  for (const [key, value] of given) if (!fields.has(key)) fields.set(key, value);
  return { vendorId, fields };
}
