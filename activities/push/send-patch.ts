/**
 * One PATCH with a planned diff. A 400/409/412 (the client's ArloConflictError) means the diff no longer
 * fits the record, most likely because it changed since the GET: answered as `rejected`, so the workflow
 * re-reads and plans again (bounded).
 */
import { ArloConflictError } from '../../src/arlo/errors';
import { callArlo } from '../arlo-failure';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

export type SendPatchResult =
  | { readonly kind: 'patched'; readonly lastModifiedDateTime: string }
  | { readonly kind: 'rejected'; readonly reason: string };

export function createSendPatch(deps: PushActivityDeps) {
  return async function sendPatch(
    key: PushRecordKey,
    arloId: string,
    diff: string,
    expand: readonly string[],
  ): Promise<SendPatchResult> {
    const { client } = deps.pushPlatform(key.platform);
    return callArlo(async () => {
      try {
        const { entity } = await client.patchResource(key.resourceType, arloId, diff, { expand });
        return { kind: 'patched', lastModifiedDateTime: entity.lastModifiedDateTime };
      } catch (error) {
        if (error instanceof ArloConflictError) return { kind: 'rejected', reason: error.message };
        throw error;
      }
    });
  };
}
