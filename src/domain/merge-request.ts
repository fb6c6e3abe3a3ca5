/**
 * Contact and organisation merge requests name the record that was merged away (the source) and the one
 * that survived (the destination), as info elements:
 * `<ContactMergeRequest><SourceContactInfo><ContactID>12</ContactID>…</SourceContactInfo>
 * <DestinationContactInfo><ContactID>34</ContactID>…</DestinationContactInfo>…`.
 * The parsed entity keeps such element-only children under `related`, by element name.
 */
import { RESOURCE_TYPES } from './resource-types';

const MERGED_RESOURCE = {
  ContactMergeRequest: 'Contact',
  OrganisationMergeRequest: 'Organisation',
} as const;

export type MergeRequestType = keyof typeof MERGED_RESOURCE;

export function isMergeRequestType(resourceType: string): resourceType is MergeRequestType {
  return Object.prototype.hasOwnProperty.call(MERGED_RESOURCE, resourceType);
}

export interface MergeParticipants {
  /** `Contact` or `Organisation`. */
  readonly resourceType: 'Contact' | 'Organisation';
  readonly sourceId: string;
  readonly survivorId: string;
}

interface MergeRequestEntity {
  readonly resourceType: string;
  readonly related: Readonly<Record<string, unknown>>;
}

/** The merged-away and surviving record IDs, or a message saying what is missing. */
export function readMergeParticipants(entity: MergeRequestEntity): MergeParticipants | { error: string } {
  if (!isMergeRequestType(entity.resourceType)) {
    return { error: `${entity.resourceType} is not a merge request` };
  }
  const resourceType = MERGED_RESOURCE[entity.resourceType];
  const idField = RESOURCE_TYPES[resourceType].idField;
  const sourceElement = `Source${resourceType}Info`;
  const survivorElement = `Destination${resourceType}Info`;
  const sourceId = idIn(entity.related[sourceElement], idField);
  const survivorId = idIn(entity.related[survivorElement], idField);
  if (sourceId === undefined || survivorId === undefined) {
    return {
      error: `${entity.resourceType} lacks ${sourceElement}/${idField} or ${survivorElement}/${idField}`,
    };
  }
  return { resourceType, sourceId, survivorId };
}

/** `{ ContactID: '12' }` or an entity-like `{ fields: { ContactID: '12' } }`. */
function idIn(info: unknown, idField: string): string | undefined {
  if (typeof info !== 'object' || info === null) return undefined;
  const direct = (info as Record<string, unknown>)[idField];
  if (typeof direct === 'string' && direct !== '') return direct;
  const fields = (info as { fields?: unknown }).fields;
  if (typeof fields !== 'object' || fields === null) return undefined;
  const nested = (fields as Record<string, unknown>)[idField];
  return typeof nested === 'string' && nested !== '' ? nested : undefined;
}
