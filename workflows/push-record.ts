/**
 * One workflow per pushed record (ID `workflowIds.push(platform, type, externalId)`), fed by
 * update-with-start: concurrent pushes for one record queue here and are applied one after another, so
 * two PATCHes never race on one record. Writes waiting together are coalesced into their latest desired
 * state and applied once; each caller gets the outcome. The workflow ends after a minute without work.
 *
 * Each push: find the Arlo record (stored mapping, else CodePrimary), honour SuppressIntegration, GET and
 * plan, PATCH only what differs (re-read and re-plan when Arlo rejects a stale diff), follow a merge to
 * its survivor; or create it (POST, mapping, IntegrationData). The outcome is upserted as a search
 * attribute, so every push shows in the Web UI.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  defineUpdate,
  log,
  patched,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

import type { PushActivities, PushArloActivities } from '../activities/push';
import {
  mergeDesired,
  PUSH_UPDATE_NAME,
  type PushOutcome,
  type PushRecordInput,
  type PushRequest,
  type PushTarget,
} from '../src/domain/push-messages';
import { searchAttributes } from '../src/domain/search-attributes';

export const pushUpdate = defineUpdate<PushOutcome, [PushRequest]>(PUSH_UPDATE_NAME);

/** A 400 to a freshly planned PATCH means the record changed in between: re-read this many times. */
const MAX_PATCH_ATTEMPTS = 3;
const IDLE_BEFORE_CLOSING = '1 minute';
/** Marks histories made since a 404 from the mapped record leads to finding or creating it again. */
const REPLACE_GONE_RECORDS = 'replace-gone-arlo-records';
/** Merges of merges: follow this many 308s before giving up. */
const MAX_MERGE_HOPS = 3;

const store = proxyActivities<PushActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
});

/** On the Arlo queue, whose rate limit is the platform's shared budget; see src/temporal/task-queues.ts. */
function arloActivities(taskQueue: string, maximumAttempts: number) {
  return proxyActivities<PushArloActivities>({
    taskQueue,
    scheduleToStartTimeout: '10 minutes',
    startToCloseTimeout: '1 minute',
    retry: { maximumAttempts, initialInterval: '2 seconds' },
  });
}

interface Queued {
  readonly seq: number;
  readonly request: PushRequest;
}

export async function pushRecord(input: PushRecordInput): Promise<PushOutcome | undefined> {
  const pending: Queued[] = [];
  const results = new Map<number, PushOutcome>();
  let nextSeq = 0;
  let last: PushOutcome | undefined;

  setHandler(pushUpdate, async (request) => {
    const seq = nextSeq++;
    pending.push({ seq, request });
    await condition(() => results.has(seq));
    const outcome = results.get(seq) as PushOutcome;
    results.delete(seq);
    return outcome;
  });

  const push = createPush(input);
  for (;;) {
    if (!(await condition(() => pending.length > 0, IDLE_BEFORE_CLOSING))) break;
    const batch = pending.splice(0);
    for (const dryRun of batch.filter((q) => q.request.dryRun === true)) {
      results.set(dryRun.seq, await push(dryRun.request));
    }
    const writes = batch.filter((q) => q.request.dryRun !== true);
    if (writes.length > 0) {
      // A corrective push (the pull side saw an Arlo user overwrite owned fields) restores the values
      // last pushed, read now and beneath this batch's requests, so it never undoes a newer push.
      const correcting = writes.some((q) => q.request.reason === 'corrective');
      let desired = (correcting ? await store.loadLastPushed(targetOf(input)) : undefined) ?? { fields: {} };
      for (const write of writes) desired = mergeDesired(desired, write.request.desired);
      const coalesced: PushRequest = { desired, ...lastDeepLink(writes) };
      last = await push(coalesced);
      upsertSearchAttributes([{ key: searchAttributes.outcome, value: last.outcome }]);
      for (const write of writes) results.set(write.seq, last);
    }
    if (workflowInfo().continueAsNewSuggested && pending.length === 0) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof pushRecord>(input);
    }
  }
  await condition(allHandlersFinished);
  return last;
}

function lastDeepLink(writes: readonly Queued[]): { deepLink?: string } {
  const deepLink = writes
    .map((q) => q.request.deepLink)
    .filter((link) => link !== undefined)
    .at(-1);
  return deepLink !== undefined ? { deepLink } : {};
}

function targetOf(input: PushRecordInput): PushTarget {
  return { platform: input.platform, resourceType: input.resourceType, externalId: input.externalId };
}

function createPush(input: PushRecordInput) {
  const key = targetOf(input);
  const arlo = arloActivities(input.arloTaskQueue, 10);
  // POST is not idempotent: one attempt, then look the record up before any second POST.
  const arloOnce = arloActivities(input.arloTaskQueue, 1);

  async function findArloId(request: PushRequest): Promise<string | undefined> {
    return (await store.loadPushMapping(key)) ?? (await findByCode(request));
  }

  async function findByCode(request: PushRequest): Promise<string | undefined> {
    const code = request.desired.fields.CodePrimary;
    if (code === undefined) return undefined;
    const found = await arlo.findArloRecordByCode(key, code);
    if (found !== undefined) await store.savePushMapping(key, found);
    return found;
  }

  async function create(request: PushRequest): Promise<PushOutcome> {
    const fields = Object.keys(request.desired.fields);
    if (request.dryRun === true) return { outcome: 'planned', action: 'create', fields };
    let created;
    try {
      created = await arloOnce.createArloRecord(key, request.desired);
    } catch (error) {
      // The POST may have reached Arlo before it failed: never POST twice. Find it, or report.
      const code = request.desired.fields.CodePrimary;
      const found = code !== undefined ? await arlo.findArloRecordByCode(key, code) : undefined;
      if (found === undefined) throw error;
      await store.savePushMapping(key, found);
      return update(found, request);
    }
    await store.savePushMapping(key, created.arloId);
    await arlo.writeIntegrationData(key, created.arloId, request.deepLink);
    await store.recordPushWrite(key, created.arloId, created.lastModifiedDateTime, request.desired);
    upsertSearchAttributes([{ key: searchAttributes.resourceId, value: created.arloId }]);
    return { outcome: 'created', arloId: created.arloId, fields };
  }

  /** The record was merged away in Arlo: from now on the mapping names the survivor. */
  async function moveToSurvivor(survivorId: string): Promise<string> {
    await store.savePushMapping(key, survivorId);
    upsertSearchAttributes([{ key: searchAttributes.resourceId, value: survivorId }]);
    return survivorId;
  }

  async function update(found: string, request: PushRequest): Promise<PushOutcome> {
    let arloId = found;
    let integration = await arlo.readIntegrationData(key, arloId);
    for (let hop = 1; integration.survivorId !== undefined && hop <= MAX_MERGE_HOPS; hop++) {
      arloId = await moveToSurvivor(integration.survivorId);
      integration = await arlo.readIntegrationData(key, arloId);
    }
    if (integration.suppressed) {
      return { outcome: 'skipped', arloId, reason: 'SuppressIntegration is true in Arlo' };
    }
    let crossReferenced = integration.found;
    upsertSearchAttributes([{ key: searchAttributes.resourceId, value: arloId }]);
    for (let attempt = 1; attempt <= MAX_PATCH_ATTEMPTS + 1; attempt++) {
      const plan = await arlo.readAndPlanPatch(key, arloId, request.desired);
      if (plan.kind === 'merged') {
        arloId = await moveToSurvivor(plan.survivorId);
        continue;
      }
      if (request.dryRun === true) {
        return {
          outcome: 'planned',
          action: plan.diff === undefined ? 'none' : 'patch',
          arloId,
          ...(plan.diff !== undefined ? { document: plan.diff } : {}),
          fields: plan.changedFields,
        };
      }
      if (!crossReferenced) {
        // Found by CodePrimary or an old mapping: write our cross-reference too, once.
        await arlo.writeIntegrationData(key, arloId, request.deepLink);
        crossReferenced = true;
      }
      if (plan.diff === undefined) return { outcome: 'unchanged', arloId };
      const sent = await arlo.sendPatch(key, arloId, plan.diff, plan.expand);
      if (sent.kind === 'patched') {
        await store.recordPushWrite(key, arloId, sent.lastModifiedDateTime, request.desired);
        return { outcome: 'patched', arloId, fields: plan.changedFields };
      }
    }
    return {
      outcome: 'failed',
      reason: `Arlo rejected the PATCH ${MAX_PATCH_ATTEMPTS} times after re-reading; the record keeps changing or the diff does not fit it`,
    };
  }

  /**
   * The mapped record no longer exists in Arlo (an Arlo user deleted it, or merged it where Arlo answers
   * 404 instead of 308). The guide's rule for a record that does not exist is POST: find it by
   * CodePrimary, else create it, and the mapping names the new record from then on. A push carries only
   * the fields it changes, so the record is made again from everything pushed so far plus this push.
   */
  async function replaceGone(goneId: string, request: PushRequest): Promise<PushOutcome> {
    log.warn('the mapped Arlo record no longer exists; finding or creating it again', {
      ...key,
      goneArloId: goneId,
    });
    const pushedSoFar = (await store.loadLastPushed(key)) ?? { fields: {} };
    const whole: PushRequest = { ...request, desired: mergeDesired(pushedSoFar, request.desired) };
    const found = await findByCode(whole);
    return found === undefined ? create(whole) : update(found, whole);
  }

  return async function push(request: PushRequest): Promise<PushOutcome> {
    try {
      const arloId = await findArloId(request);
      if (arloId === undefined) return await create(request);
      try {
        return await update(arloId, request);
      } catch (error) {
        // patched(): a workflow that met a 404 before this code existed replays its old answer, failed.
        if (!isArloNotFound(error) || !patched(REPLACE_GONE_RECORDS)) throw error;
        return await replaceGone(arloId, request);
      }
    } catch (error) {
      // The workflow serves later pushes of this record: report the failure as this push's outcome.
      const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
      return { outcome: 'failed', reason: cause instanceof Error ? cause.message : String(cause) };
    }
  };
}

/** A 404 from Arlo: the record asked for does not exist (activities type failures by error class). */
function isArloNotFound(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === 'ArloNotFoundError'
  );
}
