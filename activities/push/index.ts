/**
 * The push path's activities. `createPushArloActivities` go on the rate-limited Arlo queue (exactly one
 * Arlo request each); `createPushActivities` on the main queue (MongoDB, or planning a dry run's POST
 * body: no Arlo request). Spread both into the worker's factories (activities/index.ts).
 */
import { createCreateArloRecord } from './create-arlo-record';
import { createFindArloRecordByCode } from './find-arlo-record-by-code';
import { createPlanArloRecord } from './plan-arlo-record';
import type { PushActivityDeps } from './push-deps';
import {
  createLoadLastPushed,
  createLoadPushMapping,
  createRecordPushWrite,
  createSavePushMapping,
} from './push-records';
import { createReadAndPlanPatch } from './read-and-plan-patch';
import { createReadIntegrationData } from './read-integration-data';
import { createReadRecordForPush } from './read-record-for-push';
import { createSendPatch } from './send-patch';
import { createWriteIntegrationData } from './write-integration-data';

export type { PushActivityDeps, PushArloClient, PushPlatform, PushRecordKey } from './push-deps';
export type { ReadAndPlanResult } from './read-and-plan-patch';
export type { ReadForPushResult } from './read-record-for-push';
export type { SendPatchResult } from './send-patch';

export function createPushActivities(deps: PushActivityDeps) {
  return {
    loadPushMapping: createLoadPushMapping(deps),
    loadLastPushed: createLoadLastPushed(deps),
    savePushMapping: createSavePushMapping(deps),
    recordPushWrite: createRecordPushWrite(deps),
    planArloRecord: createPlanArloRecord(deps),
  };
}

export function createPushArloActivities(deps: PushActivityDeps) {
  return {
    readRecordForPush: createReadRecordForPush(deps),
    // readIntegrationData also serves an Arlo that ignores ?expand=IntegrationData; both serve pushes
    // recorded before readRecordForPush (workflows/push-steps.ts).
    readIntegrationData: createReadIntegrationData(deps),
    readAndPlanPatch: createReadAndPlanPatch(deps),
    findArloRecordByCode: createFindArloRecordByCode(deps),
    sendPatch: createSendPatch(deps),
    createArloRecord: createCreateArloRecord(deps),
    writeIntegrationData: createWriteIntegrationData(deps),
  };
}

export type PushActivities = ReturnType<typeof createPushActivities>;
export type PushArloActivities = ReturnType<typeof createPushArloActivities>;
