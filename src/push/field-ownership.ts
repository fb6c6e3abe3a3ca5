/**
 * Which fields the external system owns, per resource type (keeping-an-external-system-in-sync.txt,
 * "Determining source of truth"). The push path writes only these; everything else belongs to Arlo users
 * or to Arlo itself and is never written. Loaded from PUSH_OWNERSHIP_FILE (JSON) at worker and receiver
 * start, validated with one message per problem; absent means the guide's table (DEFAULT_OWNERSHIP).
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { PUSH_RESOURCE_TYPES, type PushResourceType } from '../domain/push-messages';
import { RESOURCE_TYPES } from '../domain/resource-types';

export { PUSH_RESOURCE_TYPES, type PushResourceType };

/**
 * What happens when an Arlo user edits a field the external system owns: `external-wins` sends one
 * corrective PATCH with the last pushed values; `arlo-wins` keeps the Arlo edit (and reports it).
 */
export const CONFLICT_POLICIES = ['external-wins', 'arlo-wins'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export interface ResourceOwnership {
  /** Direct text fields of the resource, e.g. `FirstName`. */
  readonly fields: readonly string[];
  /** Contact only: the Employment sub-resource's Position and its Organisation link. */
  readonly employment: { readonly position: boolean; readonly organisation: boolean };
  /** Every field of the inline PostalAddress. */
  readonly postalAddress: boolean;
  /** Custom field names (`<Field><Name>`), values written as `<String>`. */
  readonly customFields: readonly string[];
}

export interface FieldOwnership {
  readonly conflictPolicy: ConflictPolicy;
  readonly resources: Readonly<Record<PushResourceType, ResourceOwnership>>;
}

/**
 * Data Arlo owns outright, never pushed whatever a file says: IDs, system timestamps, and the training
 * records (registrations are pulled, never pushed).
 */
const ARLO_OWNED = new Set([
  'CreatedDateTime',
  'LastModifiedDateTime',
  'Link',
  'Registrations',
  'Registration',
  'IntegrationData',
  ...Object.values(RESOURCE_TYPES).map((info) => info.idField),
]);

/** The guide's table: identity and contact data, employment, postal address; custom fields "vary". */
export const DEFAULT_OWNERSHIP: FieldOwnership = {
  conflictPolicy: 'external-wins',
  resources: {
    Contact: {
      fields: ['FirstName', 'LastName', 'Email', 'PhoneWork', 'PhoneMobile', 'PhoneHome', 'CodePrimary'],
      employment: { position: true, organisation: true },
      postalAddress: true,
      customFields: [],
    },
    Organisation: {
      fields: ['Name', 'LegalName', 'CodePrimary', 'CodeSecondary', 'Email', 'PhoneWork'],
      employment: { position: false, organisation: false },
      postalAddress: true,
      customFields: [],
    },
  },
};

const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

const fieldName = z
  .string()
  .regex(XML_NAME, 'must be an element name such as FirstName')
  .refine((name) => !ARLO_OWNED.has(name), {
    error: (issue) => `${String(issue.input)} is owned by Arlo and is never pushed; remove it`,
  });

const resourceSchema = z
  .object({
    fields: z.array(fieldName),
    employment: z
      .object({ position: z.boolean().default(false), organisation: z.boolean().default(false) })
      .strict()
      .default({ position: false, organisation: false }),
    postalAddress: z.boolean().default(false),
    customFields: z.array(z.string().min(1, 'a custom field name cannot be empty')).default([]),
  })
  .strict();

const fileSchema = z
  .object({
    conflictPolicy: z.enum(CONFLICT_POLICIES).default('external-wins'),
    Contact: resourceSchema.optional(),
    Organisation: resourceSchema
      .refine((o) => !o.employment.position && !o.employment.organisation, {
        error: 'employment exists only on Contact',
        path: ['employment'],
      })
      .optional(),
  })
  .strict();

export class OwnershipConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `field ownership in ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix the file (see README "Pushing into Arlo") or unset PUSH_OWNERSHIP_FILE for the defaults.',
    );
    this.name = 'OwnershipConfigError';
  }
}

/**
 * Validate parsed JSON. A resource type the file leaves out keeps its default, so a file that only
 * narrows Contact need not repeat Organisation.
 */
export function parseOwnership(value: unknown, source = 'the ownership configuration'): FieldOwnership {
  const result = fileSchema.safeParse(value);
  if (!result.success) {
    throw new OwnershipConfigError(
      source,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const parsed = result.data;
  return {
    conflictPolicy: parsed.conflictPolicy,
    resources: {
      Contact: parsed.Contact ?? DEFAULT_OWNERSHIP.resources.Contact,
      Organisation: parsed.Organisation ?? DEFAULT_OWNERSHIP.resources.Organisation,
    },
  };
}

/** PUSH_OWNERSHIP_FILE (config.push.ownershipFile), or the defaults when it is not set. */
export function loadOwnership(file: string | undefined): FieldOwnership {
  if (file === undefined) return DEFAULT_OWNERSHIP;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new OwnershipConfigError(file, [`cannot read it: ${(error as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OwnershipConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseOwnership(json, file);
}
