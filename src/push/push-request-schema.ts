/**
 * The JSON body of `POST /push/contacts` and `/push/organisations` (and the CLI's equivalent): the
 * external ID and the owned fields to push. Validated with zod, then against the ownership
 * configuration, so every 400 names each wrong field and what to do.
 */
import { z } from 'zod';

import type { PushResourceType } from '../domain/push-messages';

import { checkOwnership } from './desired-state';
import type { FieldOwnership } from './field-ownership';
import type { PushCall } from './push-client';

const text = z.string().max(4000, 'at most 4000 characters');
const textFields = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9._-]*$/, 'must be an element name'), text);

export const pushBodySchema = z
  .object({
    externalId: z.string().min(1).max(200),
    /** Which configured platform; may be left out when only one is configured. */
    platform: z.string().min(1).optional(),
    fields: textFields.default({}),
    employment: z
      .object({
        position: text.optional(),
        organisationId: z
          .string()
          .regex(/^[1-9][0-9]{0,18}$/, 'must be an Arlo OrganisationID')
          .optional(),
      })
      .strict()
      .optional(),
    postalAddress: textFields.optional(),
    customFields: z.record(z.string().min(1), text).optional(),
    deepLink: z.url({ protocol: /^https?$/ }).optional(),
    dryRun: z.boolean().default(false),
    /** false: answer 202 with the workflow ID as soon as the push is queued. */
    wait: z.boolean().default(true),
  })
  .strict();

export type ParsedPush =
  | { readonly ok: true; readonly call: PushCall; readonly wait: boolean }
  | { readonly ok: false; readonly problems: readonly string[] };

export function parsePushBody(
  resourceType: PushResourceType,
  body: unknown,
  context: { readonly ownership: FieldOwnership; readonly platforms: readonly string[] },
): ParsedPush {
  const result = pushBodySchema.safeParse(body);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`),
    };
  }
  const b = result.data;
  const platform = b.platform ?? (context.platforms.length === 1 ? context.platforms[0] : undefined);
  if (platform === undefined || !context.platforms.includes(platform)) {
    return {
      ok: false,
      problems: [
        `platform: name one of the configured platforms (${context.platforms.join(', ') || 'none'})`,
      ],
    };
  }
  const desired = {
    fields: b.fields,
    ...(b.employment ? { employment: b.employment } : {}),
    ...(b.postalAddress ? { postalAddress: b.postalAddress } : {}),
    ...(b.customFields ? { customFields: b.customFields } : {}),
  };
  const problems = checkOwnership(resourceType, desired, context.ownership);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    wait: b.wait,
    call: {
      platform,
      resourceType,
      externalId: b.externalId,
      desired,
      dryRun: b.dryRun,
      ...(b.deepLink !== undefined ? { deepLink: b.deepLink } : {}),
    },
  };
}
