/**
 * The JSON body of `POST /push/contacts` and `/push/organisations` (and the CLI's equivalent): the
 * external ID and the owned fields to push. Validated with zod, then against the ownership
 * configuration, so every 400 names each wrong field and what to do. Every string passes the XML 1.0
 * check of push-text.ts, so a push Arlo could only take half of is refused before anything is written.
 */
import { z } from 'zod';

import { ARLO_ADDRESS_FIELDS } from '../arlo/resource-writers';
import type { PushResourceType } from '../domain/push-messages';

import { checkOwnership } from './desired-state';
import type { FieldOwnership } from './field-ownership';
import type { PushCall } from './push-client';
import { xmlText } from './push-text';

/**
 * How long a push with `wait: true` (the default) is waited for before the answer is 202 with its
 * workflow ID: long enough for a push's three or four Arlo requests even behind a busy rate limit, short
 * enough for an HTTP client's own timeout. `waitSeconds` in the body chooses another, up to the maximum.
 */
export const DEFAULT_WAIT_SECONDS = 20;
export const MAX_WAIT_SECONDS = 60;

const text = xmlText(z.string().max(4000, 'at most 4000 characters'));
const elementName = z.string().regex(/^[A-Za-z_][A-Za-z0-9._-]*$/, 'must be an element name');
const addressField = z.string().refine((name) => (ARLO_ADDRESS_FIELDS as readonly string[]).includes(name), {
  error: `must be one of Arlo's Address fields (${ARLO_ADDRESS_FIELDS.join(', ')})`,
});

export const pushBodySchema = z
  .object({
    externalId: xmlText(z.string().min(1, 'must not be empty').max(200, 'at most 200 characters')),
    /** Which configured platform; may be left out when only one is configured. */
    platform: xmlText(z.string().min(1, 'must not be empty')).optional(),
    fields: z.record(elementName, text).default({}),
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
    postalAddress: z.record(addressField, text).optional(),
    customFields: z
      .record(xmlText(z.string().min(1, 'must not be empty').max(200, 'at most 200 characters')), text)
      .optional(),
    deepLink: xmlText(
      z.url({
        protocol: /^https?$/,
        error: 'must be an http or https URL, e.g. https://hr.example/people/562',
      }),
    ).optional(),
    dryRun: z.boolean().default(false),
    /** false: answer 202 with the workflow ID as soon as the push is queued. */
    wait: z.boolean().default(true),
    /** With `wait`: answer 202 with the workflow ID if the push has not finished after this long. */
    waitSeconds: z.int().min(1).max(MAX_WAIT_SECONDS).default(DEFAULT_WAIT_SECONDS),
  })
  .strict();

export type ParsedPush =
  | {
      readonly ok: true;
      readonly call: PushCall;
      readonly wait: boolean;
      readonly waitSeconds: number;
    }
  | { readonly ok: false; readonly problems: readonly string[] };

/** `customFields["Tier"]`, `employment.position`: the field as the body names it. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((part, at) => {
      if (typeof part === 'number') return `[${part}]`;
      const name = String(part);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return at === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    // A record key that failed its own check: say what was wrong with the key, not "Invalid key".
    if (issue.code === 'invalid_key') {
      return issue.issues.map((inner) => `${fieldPath(issue.path)} (the name): ${inner.message}`);
    }
    return [`${fieldPath(issue.path)}: ${issue.message}`];
  });
}

export function parsePushBody(
  resourceType: PushResourceType,
  body: unknown,
  context: { readonly ownership: FieldOwnership; readonly platforms: readonly string[] },
): ParsedPush {
  const result = pushBodySchema.safeParse(body);
  if (!result.success) return { ok: false, problems: problemsOf(result.error) };
  const b = result.data;
  const platform = b.platform ?? (context.platforms.length === 1 ? context.platforms[0] : undefined);
  if (platform === undefined || !context.platforms.includes(platform)) {
    return {
      ok: false,
      problems: [
        context.platforms.length === 0
          ? 'platform: no Arlo platform is configured here; an operator must configure one (README, "Configuration")'
          : `platform: name one of the configured platforms (${context.platforms.join(', ')})`,
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
    waitSeconds: b.waitSeconds,
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
