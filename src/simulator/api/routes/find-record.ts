import type { ResourceType } from '../../../domain/resource-types';
import { isResourceIdOf } from '../../../domain/resource-types';
import { ApiError, notFound } from '../../api-error';
import { RELATED_REL } from '../../render/hrefs';
import type { SimulatorCore } from '../../simulator-core';
import type { SimRecord } from '../../store/record';

/**
 * The live record behind an instance URI. Deleted records are 404. A record merged away is 404 too,
 * unless the `mergedRedirect` knob is on: then 308 with Location (the surviving record) and a Link
 * header to the merge request, as Arlo's Contacts and Organisations pages describe.
 */
export function findRecord(core: SimulatorCore, type: ResourceType, id: string): SimRecord {
  const record = isResourceIdOf(type, id) ? core.platform.store.get(type, id) : undefined;
  if (!record || record.deleted) throw notFound(`${type} ${id} does not exist.`);
  if (record.mergedInto) {
    if (!core.knobs.mergedRedirect) throw notFound(`${type} ${id} does not exist.`);
    const hrefs = core.renderer.hrefs;
    const requestType = type === 'Contact' ? 'ContactMergeRequest' : 'OrganisationMergeRequest';
    throw new ApiError(
      308,
      'PermanentRedirect',
      `${type} ${id} was merged into ${type} ${record.mergedInto.id}.`,
      {
        Location: hrefs.resource(type, record.mergedInto.id),
        Link: `<${hrefs.resource(requestType, record.mergedInto.requestId)}>; rel="${RELATED_REL}${requestType}"; title="${requestType}"`,
      },
    );
  }
  return record;
}
