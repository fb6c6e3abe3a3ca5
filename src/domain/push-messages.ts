/**
 * What a push carries and answers, shared by the push workflow, its activities, the HTTP endpoint, the
 * typed client and the CLI. Pure data, so the workflow sandbox can use it.
 */

export interface DesiredEmployment {
  readonly position?: string;
  /** The Arlo OrganisationID the contact works for. */
  readonly organisationId?: string;
}

/**
 * What the external system wants an Arlo record to look like: only fields it owns, and only the ones it
 * sends (a push is partial: a field left out is left alone).
 */
export interface DesiredState {
  /** Direct text fields, e.g. `{ FirstName: 'Sarah' }`. */
  readonly fields: Readonly<Record<string, string>>;
  readonly employment?: DesiredEmployment;
  readonly postalAddress?: Readonly<Record<string, string>>;
  /** Custom field values by custom field name. */
  readonly customFields?: Readonly<Record<string, string>>;
}

export const PUSH_RESOURCE_TYPES = ['Contact', 'Organisation'] as const;
export type PushResourceType = (typeof PUSH_RESOURCE_TYPES)[number];

/** The push workflow's input: which record (its workflow ID is `workflowIds.push(...)` of these). */
export interface PushTarget {
  readonly platform: string;
  readonly resourceType: PushResourceType;
  readonly externalId: string;
}

/** The push workflow's input: the record, and where its Arlo activities run. */
export interface PushRecordInput extends PushTarget {
  /** config.temporal.arloTaskQueue: the rate-limited queue. */
  readonly arloTaskQueue: string;
  /** How long the workflow waits without a push before it closes, in milliseconds (default 1 minute). */
  readonly idleBeforeClosingMs?: number;
}

export interface PushRequest {
  readonly desired: DesiredState;
  /** Plan only: answer the diff (or the POST body) and write nothing. */
  readonly dryRun?: boolean;
  /** Deep link back to the record in the external system (IntegrationData `Uri`). */
  readonly deepLink?: string;
  /** `corrective`: started by the pull side after an Arlo user edited an owned field. */
  readonly reason?: 'request' | 'corrective';
}

export type PushOutcome =
  | { readonly outcome: 'created'; readonly arloId: string; readonly fields: readonly string[] }
  | { readonly outcome: 'patched'; readonly arloId: string; readonly fields: readonly string[] }
  | { readonly outcome: 'unchanged'; readonly arloId: string }
  | { readonly outcome: 'skipped'; readonly arloId: string; readonly reason: string }
  | {
      readonly outcome: 'planned';
      readonly action: 'create' | 'patch' | 'none';
      readonly arloId?: string;
      /** The diff document (patch) or the POST body (create) that would be sent. */
      readonly document?: string;
      readonly fields: readonly string[];
    }
  | {
      readonly outcome: 'failed';
      /** The whole reason (Arlo's URL and answer included): for the workflow, the log and operators. */
      readonly reason: string;
      /** The Temporal failure type, e.g. `ArloBadRequestError` (src/domain/failure-types.ts). */
      readonly failureType?: string;
      /** Arlo's HTTP status, when Arlo answered. */
      readonly arloStatus?: number;
    };

/** Workflow type and update name, for clients that must not import workflow code. */
export const PUSH_WORKFLOW_TYPE = 'pushRecord';
export const PUSH_UPDATE_NAME = 'push';

/** Later values win, part by part: the coalesced state of several queued pushes, or all pushed so far. */
export function mergeDesired(earlier: DesiredState | undefined, later: DesiredState): DesiredState {
  if (earlier === undefined) return later;
  const merge = <T extends object>(a: T | undefined, b: T | undefined): T | undefined =>
    a === undefined && b === undefined ? undefined : ({ ...a, ...b } as T);
  const employment = merge(earlier.employment, later.employment);
  const postalAddress = merge(earlier.postalAddress, later.postalAddress);
  const customFields = merge(earlier.customFields, later.customFields);
  return {
    fields: { ...earlier.fields, ...later.fields },
    ...(employment ? { employment } : {}),
    ...(postalAddress ? { postalAddress } : {}),
    ...(customFields ? { customFields } : {}),
  };
}
