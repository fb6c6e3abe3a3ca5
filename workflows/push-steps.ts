/**
 * One push of a record into Arlo, as the guide's "Pushing changes into Arlo" describes it: find the
 * record (our mapping, else CodePrimary), compare it with the desired state, PATCH only what differs, or
 * create it with POST; then keep the cross-reference (IntegrationData, our mapping). The steps are the
 * push workflow's (workflows/push-record.ts), which queues and coalesces the pushes that call them.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  TimeoutFailure,
  upsertSearchAttributes,
} from '@temporalio/workflow';

import type { PushActivities, PushArloActivities } from '../activities/push';
import { ARLO_FAILURE_TYPES, FAILURE_TYPES } from '../src/domain/failure-types';
import {
  mergeDesired,
  type PushOutcome,
  type PushRequest,
  type PushTarget,
} from '../src/domain/push-messages';
import { searchAttributes } from '../src/domain/search-attributes';

/** A 400 to a freshly planned PATCH means the record changed in between: re-read this many times. */
const MAX_PATCH_ATTEMPTS = 3;
/** Merges of merges: follow this many 308s before giving up. */
const MAX_MERGE_HOPS = 3;
/** Marks histories made since a 404 from the mapped record leads to finding or creating it again. */
const REPLACE_GONE_RECORDS = 'replace-gone-arlo-records';
/** Marks histories made since a dry run of a new record answers the POST body it would send. */
const DRY_RUN_CREATE_BODY = 'dry-run-answers-post-body';
/** Marks histories made since one GET (`?expand=IntegrationData`) reads both the record and its IntegrationData. */
const ONE_READ_PER_PUSH = 'push-reads-record-and-integration-data-at-once';
/** Marks histories made since a POST that failed transiently, and created nothing, is sent again. */
const POST_AGAIN_WHEN_NOTHING_CREATED = 'post-again-when-nothing-was-created';
/**
 * POSTs of one new record before a transient failure is the push's outcome. The pauses between them
 * (10 s, doubling, at most 5 minutes: 10, 20, 40, 80 and 160 s) let a POST that was still being
 * processed when its request failed land first, so the lookup by CodePrimary after each pause sees it.
 */
const MAX_POSTS = 6;
const FIRST_POST_PAUSE_MS = 10_000;
const MAX_POST_PAUSE_MS = 5 * 60_000;

export const store = proxyActivities<PushActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
});

/** Builds a dry run's POST body in the worker: no Arlo request, so no place on the Arlo queue. */
const planning = proxyLocalActivities<PushActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
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

export function createPushSteps(key: PushTarget, arloTaskQueue: string) {
  const arlo = arloActivities(arloTaskQueue, 10);
  // POST is not idempotent: one attempt, then look the record up before any second POST.
  const arloOnce = arloActivities(arloTaskQueue, 1);

  /** Find → compare → PATCH, or create; a failure is this push's outcome, not the workflow's end. */
  async function push(request: PushRequest): Promise<PushOutcome> {
    try {
      const arloId = await findRecord(request);
      if (arloId === undefined) return await create(request);
      try {
        return await update(arloId, request);
      } catch (error) {
        // patched(): a workflow that met a 404 before this code existed replays its old answer, failed.
        if (!isArloNotFound(error) || !patched(REPLACE_GONE_RECORDS)) throw error;
        return await replaceGone(arloId, request);
      }
    } catch (error) {
      return failedOutcome(error);
    }
  }

  /** The stored mapping, else the guide's fallback cross-reference: a filtered GET on CodePrimary. */
  async function findRecord(request: PushRequest): Promise<string | undefined> {
    return (await store.loadPushMapping(key)) ?? (await findByCode(request));
  }

  async function findByCode(request: PushRequest): Promise<string | undefined> {
    const code = request.desired.fields.CodePrimary;
    if (code === undefined) return undefined;
    const found = await arlo.findArloRecordByCode(key, code);
    if (found !== undefined) await store.savePushMapping(key, found);
    return found;
  }

  /**
   * Compare, then PATCH only what differs (re-reading when Arlo rejects a stale diff). One GET answers
   * the record and its IntegrationData: an unchanged record costs one request, a changed one two.
   */
  async function update(found: string, request: PushRequest): Promise<PushOutcome> {
    // patched(): a push recorded when IntegrationData and the record were two GETs replays them.
    if (!patched(ONE_READ_PER_PUSH)) return updateAfterTwoReads(found, request);
    let arloId = found;
    let merges = 0;
    let rejections = 0;
    let crossReferenced = false;
    for (;;) {
      const read = await readRecord(arloId, request);
      if (read.kind === 'merged') {
        if (++merges > MAX_MERGE_HOPS) return tooManyMerges(arloId);
        arloId = await moveToSurvivor(read.survivorId);
        continue;
      }
      if (read.integration.suppressed) return suppressedOutcome(arloId);
      if (merges === 0 && rejections === 0) {
        upsertSearchAttributes([{ key: searchAttributes.resourceId, value: arloId }]);
      }
      if (request.dryRun === true) return plannedOutcome(arloId, read);
      if (!read.integration.found && !crossReferenced) {
        // Found by CodePrimary or an old mapping: write our cross-reference too, once.
        await arlo.writeIntegrationData(key, arloId, request.deepLink);
        crossReferenced = true;
      }
      if (read.diff === undefined) return { outcome: 'unchanged', arloId };
      const sent = await arlo.sendPatch(key, arloId, read.diff, read.expand);
      if (sent.kind === 'patched') {
        await store.recordPushWrite(key, arloId, sent.lastModifiedDateTime, request.desired);
        return { outcome: 'patched', arloId, fields: read.changedFields };
      }
      if (++rejections > MAX_PATCH_ATTEMPTS) return patchKeptRejected();
    }
  }

  /**
   * The record, its plan and its IntegrationData in one GET; only an Arlo that ignored the expand costs a
   * second GET (the vendor's IntegrationData), and a 308 on either answers the survivor.
   */
  async function readRecord(arloId: string, request: PushRequest) {
    const read = await arlo.readRecordForPush(key, arloId, request.desired);
    if (read.kind === 'merged') return read;
    const integration = read.integration ?? (await arlo.readIntegrationData(key, arloId));
    if (integration.survivorId !== undefined) {
      return { kind: 'merged', survivorId: integration.survivorId } as const;
    }
    return { ...read, integration };
  }

  /** The update of pushes recorded before readRecordForPush: IntegrationData first, then the record. */
  async function updateAfterTwoReads(found: string, request: PushRequest): Promise<PushOutcome> {
    const record = await followMerges(found);
    if (record.suppressed) return suppressedOutcome(record.arloId);
    let { arloId, crossReferenced } = record;
    upsertSearchAttributes([{ key: searchAttributes.resourceId, value: arloId }]);
    for (let attempt = 1; attempt <= MAX_PATCH_ATTEMPTS + 1; attempt++) {
      const plan = await arlo.readAndPlanPatch(key, arloId, request.desired);
      if (plan.kind === 'merged') {
        arloId = await moveToSurvivor(plan.survivorId);
        continue;
      }
      if (request.dryRun === true) return plannedOutcome(arloId, plan);
      if (!crossReferenced) {
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
    return patchKeptRejected();
  }

  /** The record's IntegrationData: suppressed? cross-referenced? merged (308) into a survivor? */
  async function followMerges(found: string) {
    let arloId = found;
    let integration = await arlo.readIntegrationData(key, arloId);
    for (let hop = 1; integration.survivorId !== undefined && hop <= MAX_MERGE_HOPS; hop++) {
      arloId = await moveToSurvivor(integration.survivorId);
      integration = await arlo.readIntegrationData(key, arloId);
    }
    return { arloId, suppressed: integration.suppressed, crossReferenced: integration.found };
  }

  /** The record was merged away in Arlo: from now on the mapping names the survivor. */
  async function moveToSurvivor(survivorId: string): Promise<string> {
    await store.savePushMapping(key, survivorId);
    upsertSearchAttributes([{ key: searchAttributes.resourceId, value: survivorId }]);
    return survivorId;
  }

  /**
   * POST with the sub-resources inline, then the mapping, then IntegrationData (the cross-reference).
   * A POST that failed may have reached Arlo: before any second POST the record is looked up by
   * CodePrimary, and updated when found. When it is not found and the failure was transient (5xx, time
   * out, broken connection, 429), the push waits and tries again, so an Arlo outage delays an accepted
   * push instead of losing it; without a CodePrimary nothing can tell whether the POST landed, so the
   * failure is the push's outcome.
   */
  async function create(request: PushRequest): Promise<PushOutcome> {
    const fields = Object.keys(request.desired.fields);
    if (request.dryRun === true) return planCreate(request, fields);
    const code = request.desired.fields.CodePrimary;
    const adopt = async (found: string) => {
      await store.savePushMapping(key, found);
      return update(found, request);
    };
    let created;
    for (let post = 1; created === undefined; post++) {
      try {
        created = await arloOnce.createArloRecord(key, request.desired);
      } catch (error) {
        const found = code !== undefined ? await arlo.findArloRecordByCode(key, code) : undefined;
        if (found !== undefined) return adopt(found);
        // patched(): a push that failed here before POSTs were tried again replays its old answer.
        const postAgain =
          code !== undefined &&
          post < MAX_POSTS &&
          isTransientArloFailure(error) &&
          patched(POST_AGAIN_WHEN_NOTHING_CREATED);
        if (!postAgain) throw error;
        log.warn('a POST failed and created nothing; trying again after a pause', { ...key, post });
        await sleep(Math.min(FIRST_POST_PAUSE_MS * 2 ** (post - 1), MAX_POST_PAUSE_MS));
        const landed = await arlo.findArloRecordByCode(key, code);
        if (landed !== undefined) return adopt(landed);
      }
    }
    await store.savePushMapping(key, created.arloId);
    await arlo.writeIntegrationData(key, created.arloId, request.deepLink);
    await store.recordPushWrite(key, created.arloId, created.lastModifiedDateTime, request.desired);
    upsertSearchAttributes([{ key: searchAttributes.resourceId, value: created.arloId }]);
    return { outcome: 'created', arloId: created.arloId, fields };
  }

  async function planCreate(request: PushRequest, fields: string[]): Promise<PushOutcome> {
    // patched(): a dry run recorded before the POST body was planned replays its old answer.
    if (!patched(DRY_RUN_CREATE_BODY)) return { outcome: 'planned', action: 'create', fields };
    const document = await planning.planArloRecord(key, request.desired);
    return { outcome: 'planned', action: 'create', document, fields };
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

  return { push };
}

function suppressedOutcome(arloId: string): PushOutcome {
  return { outcome: 'skipped', arloId, reason: 'SuppressIntegration is true in Arlo' };
}

/** A dry run's answer: what the push would PATCH, or that it would send nothing. */
function plannedOutcome(
  arloId: string,
  plan: { diff?: string; changedFields: readonly string[] },
): PushOutcome {
  const action = plan.diff === undefined ? 'none' : 'patch';
  const document = plan.diff !== undefined ? { document: plan.diff } : {};
  return { outcome: 'planned', action, arloId, ...document, fields: plan.changedFields };
}

function patchKeptRejected(): PushOutcome {
  return {
    outcome: 'failed',
    reason: `Arlo rejected the PATCH ${MAX_PATCH_ATTEMPTS} times after re-reading; the record keeps changing or the diff does not fit it`,
    failureType: FAILURE_TYPES.patchKeptRejected,
  };
}

function tooManyMerges(arloId: string): PushOutcome {
  return {
    outcome: 'failed',
    reason: `Arlo record ${arloId} was merged into another more than ${MAX_MERGE_HOPS} times in a row (308 after 308); push again once the merges have settled`,
    failureType: FAILURE_TYPES.mergeChainTooLong,
  };
}

/** A 404 from Arlo: the record asked for does not exist (activities type failures by error class). */
function isArloNotFound(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === ARLO_FAILURE_TYPES.notFound
  );
}

/** A failure that another attempt may not meet: Arlo busy or unreachable, or no answer in time. */
function isTransientArloFailure(error: unknown): boolean {
  if (!(error instanceof ActivityFailure)) return false;
  if (error.cause instanceof TimeoutFailure) return true;
  if (!(error.cause instanceof ApplicationFailure) || error.cause.nonRetryable) return false;
  const transient: readonly (string | undefined)[] = [
    ARLO_FAILURE_TYPES.serverError,
    ARLO_FAILURE_TYPES.timeout,
    ARLO_FAILURE_TYPES.network,
    ARLO_FAILURE_TYPES.rateLimited,
  ];
  return transient.includes(error.cause.type ?? undefined);
}

/** The push failed: its whole reason, and its type and Arlo's status for the caller's short summary. */
function failedOutcome(error: unknown): PushOutcome {
  const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (!(cause instanceof ApplicationFailure)) return { outcome: 'failed', reason };
  const status = (cause.details?.[0] as { status?: unknown } | undefined)?.status;
  return {
    outcome: 'failed',
    reason,
    ...(cause.type ? { failureType: cause.type } : {}),
    ...(typeof status === 'number' ? { arloStatus: status } : {}),
  };
}
