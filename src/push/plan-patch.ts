/**
 * The push's update step (keeping-an-external-system-in-sync.txt, "Updating existing records with HTTP
 * PATCH"): compare the desired owned values with the record as just read (GET with `expandsFor(...)`),
 * and plan the RFC 5261 operations for what differs. No operations means no PATCH.
 *
 * Employment follows the guide: a new Position alone is a `replace` (Example 1); a new Organisation
 * relinks the whole Employment (Example 3: `remove` the Link, `add` it again), keeping the current
 * Position and other employment fields unless the push replaces them.
 */
import type { ArloEntity, ArloRelated, ArloSubResource } from '../arlo/entities';
import { addElements, removeNode, type PatchOperation } from '../arlo/patch-diff';
import { customFieldsLink, employmentLink, postalAddressLink } from '../arlo/resource-writers';
import { selector, type SelectorStep } from '../arlo/xpath-selector';

import { customFieldChanges } from './custom-field-changes';
import type { DesiredEmployment, DesiredState } from './desired-state';
import type { PushResourceType } from './field-ownership';
import { normaliseValue, sameValue } from './normalise';
import { textFieldChanges } from './text-field-changes';

export interface PatchPlan {
  /** Empty when Arlo already holds every desired value. */
  readonly operations: readonly PatchOperation[];
  /** What differs, e.g. `['Name', 'Employment/Position']`: the outcome's "patched (which fields)". */
  readonly changedFields: readonly string[];
}

export interface PlanContext {
  /** Auth API root (ends with `/`), to write the Organisation link's href. */
  readonly baseUrl: string;
}

/** The `?expand=` the diff needs, used on both the GET and the PATCH. */
export function expandsFor(desired: DesiredState): string[] {
  return [
    ...(desired.employment !== undefined ? ['Employment'] : []),
    ...(desired.postalAddress !== undefined ? ['PostalAddress'] : []),
    ...(desired.customFields !== undefined ? ['CustomFields'] : []),
  ];
}

export function organisationHref(baseUrl: string, organisationId: string): string {
  return `${baseUrl}organisations/${organisationId}/`;
}

export function planPatch(
  type: PushResourceType,
  current: ArloEntity,
  desired: DesiredState,
  context: PlanContext,
): PatchPlan {
  const edits: PatchOperation[] = [];
  const adds: PatchOperation[] = [];
  const changedFields: string[] = [];
  const collect = (
    part: { edits: PatchOperation[]; add?: PatchOperation; changed: string[] },
    prefix = '',
  ) => {
    edits.push(...part.edits);
    if (part.add) adds.push(part.add);
    changedFields.push(...part.changed.map((name) => `${prefix}${name}`));
  };

  collect(textFieldChanges([type], current.fields, desired.fields));
  if (desired.employment !== undefined) {
    collect(employmentChanges(type, current, desired.employment, context));
  }
  if (desired.postalAddress !== undefined) {
    collect(postalAddressChanges(type, current, desired.postalAddress), 'PostalAddress/');
  }
  if (desired.customFields !== undefined) {
    const link = linkSteps(type, 'CustomFields');
    const existing = single(current.related.CustomFields);
    if (existing === undefined) {
      const values = Object.entries(desired.customFields)
        .map(([name, value]) => ({ name, value: normaliseValue(value) }))
        .filter((field) => field.value !== '');
      if (values.length > 0) {
        adds.push(addElements(type, [customFieldsLink(values)]));
        changedFields.push(...values.map((field) => `CustomFields/${field.name}`));
      }
    } else {
      collect(
        customFieldChanges([...link, existing.element], existing, desired.customFields),
        'CustomFields/',
      );
    }
  }
  // Removals and replacements first, then additions: a relinked sub-resource is removed before it is
  // added again (Example 3), and Example 2 lists its replace before its add.
  return { operations: [...edits, ...adds], changedFields };
}

function employmentChanges(
  type: PushResourceType,
  current: ArloEntity,
  desired: DesiredEmployment,
  context: PlanContext,
): { edits: PatchOperation[]; add?: PatchOperation; changed: string[] } {
  const link = linkSteps(type, 'Employment');
  const hasLink = current.links.some((l) => l.title === 'Employment');
  const employment = single(current.related.Employment);
  const currentOrganisationId = employment && organisationIdOf(employment);
  const wantedHref =
    desired.organisationId !== undefined
      ? organisationHref(context.baseUrl, desired.organisationId)
      : undefined;
  const relink = desired.organisationId !== undefined && currentOrganisationId !== desired.organisationId;

  if (!relink && employment !== undefined) {
    if (desired.position === undefined) return { edits: [], changed: [] };
    const part = textFieldChanges([...link, employment.element], employment.fields, {
      Position: desired.position,
    });
    return { ...part, changed: part.changed.map((name) => `Employment/${name}`) };
  }
  if (!relink && !hasLink && desired.position === undefined) return { edits: [], changed: [] };

  const currentPosition = employment?.fields.Position;
  const position = desired.position !== undefined ? normaliseValue(desired.position) : currentPosition;
  const { Position: _position, ...otherFields } = employment?.fields ?? {};
  const keptHref = employment?.links.find((l) => l.title === 'Organisation')?.href;
  const changed = [
    ...(relink ? ['Employment/Organisation'] : []),
    ...(desired.position !== undefined && !sameValue(currentPosition, desired.position)
      ? ['Employment/Position']
      : []),
  ];
  const fragment = employmentLink({
    ...(position !== undefined && position !== '' ? { position } : {}),
    ...((wantedHref ?? keptHref) !== undefined ? { organisationHref: wantedHref ?? keptHref } : {}),
    fields: otherFields,
  });
  return {
    edits: hasLink ? [removeNode(selector(...link))] : [],
    add: addElements(type, [fragment]),
    changed,
  };
}

function postalAddressChanges(
  type: PushResourceType,
  current: ArloEntity,
  desired: Readonly<Record<string, string>>,
): { edits: PatchOperation[]; add?: PatchOperation; changed: string[] } {
  const address = single(current.related.PostalAddress);
  if (address !== undefined) {
    return textFieldChanges([...linkSteps(type, 'PostalAddress'), address.element], address.fields, desired);
  }
  const values = Object.fromEntries(
    Object.entries(desired)
      .map(([name, value]) => [name, normaliseValue(value)] as const)
      .filter(([, value]) => value !== ''),
  );
  if (Object.keys(values).length === 0) return { edits: [], changed: [] };
  return { edits: [], add: addElements(type, [postalAddressLink(values)]), changed: Object.keys(values) };
}

function linkSteps(type: string, title: string): SelectorStep[] {
  return [type, { name: 'Link', where: { title } }];
}

/** The one inline sub-resource of an expanded Link (an entity counts too: it has the same content). */
function single(related: ArloRelated | undefined): (ArloSubResource & { element: string }) | undefined {
  if (related === undefined || Array.isArray(related)) return undefined;
  const value = related as ArloSubResource | ArloEntity;
  return 'element' in value ? value : { ...value, element: value.resourceType, nested: value.nested };
}

const ORGANISATION_HREF = /\/organisations\/([0-9]+)\/?$/;

function organisationIdOf(employment: ArloSubResource): string | undefined {
  const href = employment.links.find((l) => l.title === 'Organisation')?.href;
  return href === undefined ? undefined : ORGANISATION_HREF.exec(href)?.[1];
}
