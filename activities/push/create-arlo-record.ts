/**
 * One POST creating the record with its sub-resources inline (the guide's "Creating new records").
 * POST is not idempotent: the workflow runs this with a single attempt and, after an ambiguous failure,
 * looks the record up by CodePrimary before it would ever POST again.
 */
import { contactCreateBody, organisationCreateBody } from '../../src/arlo/resource-writers';
import type { DesiredState } from '../../src/push/desired-state';
import { normaliseValue } from '../../src/push/normalise';
import { organisationHref } from '../../src/push/plan-patch';
import { callArlo } from '../arlo-failure';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

export interface CreatedRecord {
  readonly arloId: string;
  readonly lastModifiedDateTime?: string;
}

export function createCreateArloRecord(deps: PushActivityDeps) {
  return async function createArloRecord(key: PushRecordKey, desired: DesiredState): Promise<CreatedRecord> {
    const { client } = deps.pushPlatform(key.platform);
    // Built inside callArlo: a value the body cannot hold is a failure no retry cures, typed as such.
    const created = await callArlo(() =>
      client.createResource(key.resourceType, createBody(key.resourceType, desired, client.baseUrl)),
    );
    return {
      arloId: created.id,
      ...(created.entity ? { lastModifiedDateTime: created.entity.lastModifiedDateTime } : {}),
    };
  };
}

export function createBody(
  type: PushRecordKey['resourceType'],
  desired: DesiredState,
  baseUrl: string,
): string {
  const clean = (values: Readonly<Record<string, string>> = {}) =>
    Object.fromEntries(
      Object.entries(values)
        .map(([name, value]) => [name, normaliseValue(value)] as const)
        .filter(([, value]) => value !== ''),
    );
  const fields = clean(desired.fields);
  const postalAddress = desired.postalAddress ? clean(desired.postalAddress) : undefined;
  if (type === 'Organisation') {
    return organisationCreateBody({ fields, ...(postalAddress ? { postalAddress } : {}) });
  }
  const employment = desired.employment;
  const position = employment?.position !== undefined ? normaliseValue(employment.position) : '';
  return contactCreateBody({
    fields,
    ...(employment
      ? {
          employment: {
            ...(position !== '' ? { position } : {}),
            ...(employment.organisationId !== undefined
              ? { organisationHref: organisationHref(baseUrl, employment.organisationId) }
              : {}),
          },
        }
      : {}),
    ...(postalAddress ? { postalAddress } : {}),
    customFields: Object.entries(clean(desired.customFields)).map(([name, value]) => ({ name, value })),
  });
}
