/**
 * `checkOwnership` refuses anything in a desired state (src/domain/push-messages.ts) that the ownership
 * configuration does not give the external system, naming each field.
 */
import type { DesiredState, PushResourceType } from '../domain/push-messages';

import type { FieldOwnership } from './field-ownership';

export type { DesiredEmployment, DesiredState } from '../domain/push-messages';

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
