/**
 * What the push activities need: MongoDB for the cross-reference and own writes, and per platform the
 * Arlo client (the narrow part used here, so tests inject a fake that counts requests) and vendor ID.
 */
import type { Db } from 'mongodb';

import type { ArloClient } from '../../src/arlo/arlo-client';
import type { PushTarget } from '../../src/domain/push-messages';

export type PushArloClient = Pick<
  ArloClient,
  | 'baseUrl'
  | 'getResource'
  | 'patchResource'
  | 'createResource'
  | 'putIntegrationData'
  | 'getIntegrationData'
  | 'listPage'
>;

export interface PushPlatform {
  readonly client: PushArloClient;
  /** IntegrationData vendor ID (config: platform.vendorId). */
  readonly vendorId: string;
}

export interface PushActivityDeps {
  readonly db: Db;
  /** The configured platform of that name; throws for an unknown one. */
  readonly pushPlatform: (platform: string) => PushPlatform;
}

/** Identifies one pushed record in every activity input: the push workflow's own input. */
export type PushRecordKey = PushTarget;
