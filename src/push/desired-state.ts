/**
 * What the external system wants an Arlo record to look like: only fields it owns, and only the ones it
 * sends (a push is partial: a field left out is left alone). `checkOwnership` refuses anything the
 * ownership configuration does not give the external system, naming each field.
 */
import type { FieldOwnership, PushResourceType } from './field-ownership';

export interface DesiredEmployment {
  readonly position?: string;
  /** The Arlo OrganisationID the contact works for. */
  readonly organisationId?: string;
}

export interface DesiredState {
  /** Direct text fields, e.g. `{ FirstName: 'Sarah' }`. */
  readonly fields: Readonly<Record<string, string>>;
  readonly employment?: DesiredEmployment;
  readonly postalAddress?: Readonly<Record<string, string>>;
  /** Custom field values by custom field name. */
  readonly customFields?: Readonly<Record<string, string>>;
}

/** Every problem, one line each; empty when the external system owns everything in `desired`. */
export function checkOwnership(
  type: PushResourceType,
  desired: DesiredState,
  ownership: FieldOwnership,
): string[] {
  const owned = ownership.resources[type];
  const problems: string[] = [];
  for (const name of Object.keys(desired.fields)) {
    if (!owned.fields.includes(name))
      problems.push(`${type} field ${name} is not owned by the external system`);
  }
  if (desired.employment?.position !== undefined && !owned.employment.position) {
    problems.push(`${type} Employment Position is not owned by the external system`);
  }
  if (desired.employment?.organisationId !== undefined && !owned.employment.organisation) {
    problems.push(`${type} Employment Organisation link is not owned by the external system`);
  }
  if (desired.postalAddress !== undefined && !owned.postalAddress) {
    problems.push(`${type} PostalAddress is not owned by the external system`);
  }
  for (const name of Object.keys(desired.customFields ?? {})) {
    if (!owned.customFields.includes(name)) {
      problems.push(`${type} custom field ${JSON.stringify(name)} is not owned by the external system`);
    }
  }
  return problems;
}

/** Names of the owned parts a desired state touches, as the push outcome reports them. */
export function desiredFieldNames(desired: DesiredState): string[] {
  return [
    ...Object.keys(desired.fields),
    ...(desired.employment?.position !== undefined ? ['Employment/Position'] : []),
    ...(desired.employment?.organisationId !== undefined ? ['Employment/Organisation'] : []),
    ...Object.keys(desired.postalAddress ?? {}).map((name) => `PostalAddress/${name}`),
    ...Object.keys(desired.customFields ?? {}).map((name) => `CustomFields/${name}`),
  ];
}
