/**
 * Contact and organisation merge requests name the record that was merged away (the source) and the one
 * that survived (the destination), as info elements:
 * `<ContactMergeRequest><SourceContactInfo><ContactID>12</ContactID>…</SourceContactInfo>
 * <DestinationContactInfo><ContactID>34</ContactID>…</DestinationContactInfo>…`.
 * The Arlo client keeps such element-only children under `nested`, by element name, as lists of
 * sub-resources (`nested.SourceContactInfo[0].fields.ContactID`).
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
  readonly nested?: Readonly<Record<string, unknown>>;
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
  const sourceId = idIn(entity.nested?.[sourceElement], idField);
  const survivorId = idIn(entity.nested?.[survivorElement], idField);
  if (sourceId === undefined || survivorId === undefined) {
    return {
      error: `${entity.resourceType} lacks ${sourceElement}/${idField} or ${survivorElement}/${idField}`,
    };
  }
  return { resourceType, sourceId, survivorId };
}

/** `[{ fields: { ContactID: '12' } }]`: exactly one info element holding a non-empty ID. */
function idIn(infos: unknown, idField: string): string | undefined {
  if (!Array.isArray(infos) || infos.length !== 1) return undefined;
  const [info] = infos as unknown[];
  const fields =
    typeof info === 'object' && info !== null ? (info as { fields?: unknown }).fields : undefined;
  if (typeof fields !== 'object' || fields === null) return undefined;
  const id = (fields as Record<string, unknown>)[idField];
  return typeof id === 'string' && id !== '' ? id : undefined;
}
