/** The push's MongoDB side effects (main task queue): read and keep the mapping, record own writes. */
import type { DesiredState } from '../../src/push/desired-state';
import { findPushRecord, recordOwnWrite, saveMapping } from '../../src/store/push-records';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

export function createLoadPushMapping(deps: PushActivityDeps) {
  return async function loadPushMapping(key: PushRecordKey): Promise<string | undefined> {
    const record = await findPushRecord(deps.db, key.platform, key.resourceType, key.externalId);
    return record?.arloId;
  };
}

/** The owned values of every successful push so far (what a corrective push restores). */
export function createLoadLastPushed(deps: PushActivityDeps) {
  return async function loadLastPushed(key: PushRecordKey): Promise<DesiredState | undefined> {
    const record = await findPushRecord(deps.db, key.platform, key.resourceType, key.externalId);
    return record?.lastPushed;
  };
}

export function createSavePushMapping(deps: PushActivityDeps) {
  return async function savePushMapping(key: PushRecordKey, arloId: string): Promise<void> {
    await saveMapping(deps.db, { ...key }, arloId);
  };
}

export function createRecordPushWrite(deps: PushActivityDeps) {
  return async function recordPushWrite(
    key: PushRecordKey,
    arloId: string,
    lastModifiedDateTime: string | undefined,
    pushed: DesiredState,
  ): Promise<void> {
    if (lastModifiedDateTime === undefined) {
      await saveMapping(deps.db, { ...key }, arloId);
      return;
    }
    await recordOwnWrite(deps.db, { ...key }, { arloId, lastModifiedDateTime, pushed });
  };
}
