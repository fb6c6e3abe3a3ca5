/**
 * Merged contacts and organisations answer `308 Permanent Redirect` with the survivor's Location
 * (api-notes.md). The client surfaces that as ArloMergedRecordRedirect and follows nothing; this helper
 * is for callers that want the survivor: it repeats the call ONCE with the survivor's ID, when the
 * Location names a record of the same type on the same platform (the origin was already checked).
 * At most two client calls, so two requests against the rate budget; a second 308 is thrown.
 */
import type { ResourceType } from '../domain/resource-types';

import { ArloMergedRecordRedirect } from './errors';
import { parseResourceHref } from './resource-urls';

export interface FollowedResult<T> {
  readonly result: T;
  /** Set when the record had been merged: the ID the result belongs to. */
  readonly survivorId?: string;
}

export async function followMergeRedirectOnce<T>(
  client: { readonly baseUrl: string },
  type: ResourceType,
  id: string,
  call: (id: string) => Promise<T>,
): Promise<FollowedResult<T>> {
  try {
    return { result: await call(id) };
  } catch (error) {
    if (!(error instanceof ArloMergedRecordRedirect)) throw error;
    const survivor = parseResourceHref(client.baseUrl, error.location);
    if (survivor === undefined || survivor.resourceType !== type || survivor.id === id) throw error;
    return { result: await call(survivor.id), survivorId: survivor.id };
  }
}
