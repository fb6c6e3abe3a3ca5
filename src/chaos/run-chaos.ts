/**
 * One chaos run: start the stack it owns, seed the platform, then at once drive Arlo-user edits, pushes
 * from the external side and the fault schedule; when both workloads and every fault are done, turn the
 * faults off, let the product recover by its own means (webhook retries, catch-up, Temporal retries),
 * compare record by record, and return the figures. Bounded by a time limit; always removes what it
 * started.
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { Client } from '@temporalio/client';

import { Prng } from '../simulator/prng';
import { connectMongo, type MongoConnection } from '../store/mongo';
import { connectClient, temporalTarget } from '../temporal/connection';
import { runArloEdits, seedPlatform, WEBHOOK_FAULTS } from './arlo-workload';
import { reconcileLastDay, walkEveryBulkType } from './bulk-steps';
import type { ChaosOptions } from './chaos-options';
import { startChaosStack, type ChaosStack } from './chaos-stack';
import { formatDuration, type ChaosFigures } from './chaos-summary';
import { describeEventWorkflow } from './event-workflow-state';
import { injectFaults, type FaultInjectorFigures } from './fault-injector';
import { planFaults } from './fault-plan';
import { compareFinalState } from './final-comparison';
import { createPushDriver, type PushDriver } from './push-driver';
import { runCatchUp, waitUntilSettled } from './settle';

export interface ChaosRunDeps {
  readonly toolsDir: string;
  readonly log: (line: string) => void;
  /** Aborts the run (Ctrl-C); the time limit aborts it too. */
  readonly signal?: AbortSignal;
  readonly entryPoints?: { readonly worker: string; readonly receiver: string };
  /** Where the worker's and the receiver's logs go (kept for a post-mortem); absent: discarded. */
  readonly logsDir?: string;
  /**
   * After the comparison, with the stack still up: what a caller wants to look at or do besides
   * (the production lane's test queries the visibility store and spends the Arlo budget there).
   */
  readonly beforeClose?: (stack: ChaosStack, client: Client) => Promise<void>;
}

const PUSHES_IN_FLIGHT = 4;
const PROGRESS_EVERY_MS = 30_000;
const COMPARISON_MS = 60_000;

export async function runChaos(options: ChaosOptions, deps: ChaosRunDeps): Promise<ChaosFigures> {
  const started = Date.now();
  const timeLimit = AbortSignal.timeout(options.timeLimitMs);
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeLimit]) : timeLimit;
  const log = (line: string) => deps.log(`[${formatDuration(Date.now() - started)}] ${line}`);
  log(
    `chaos: seed ${options.seed}; starting the ${options.lane} lane with ${options.workers} worker(s) and ` +
      `${options.receivers} receiver(s)`,
  );
  const stack = await startChaosStack({
    seed: options.seed,
    toolsDir: deps.toolsDir,
    log,
    lane: options.lane,
    workers: options.workers,
    receivers: options.receivers,
    ...(options.arloRequestsPerMinute !== null
      ? { arloRequestsPerMinute: options.arloRequestsPerMinute }
      : {}),
    ...(deps.entryPoints ? { entryPoints: deps.entryPoints } : {}),
    ...(deps.logsDir !== undefined ? { logsDir: deps.logsDir } : {}),
  });
  let client: Client | undefined;
  let mongo: MongoConnection | undefined;
  const faults: FaultInjectorFigures = { executed: 0, byKind: {} };
  /** Events the platform has emitted since seeding (all types), kept current while the workload runs. */
  let produced = 0;
  try {
    const control = stack.sim.control;
    const rng = new Prng(options.seed);
    await seedPlatform(control, options.seedRecords);
    const firstEventId = BigInt((await control.state()).nextEventId);
    const countProduced = async () => {
      produced = Number(BigInt((await control.state()).nextEventId) - firstEventId);
      return produced;
    };
    await control.setKnobs({ webhooks: WEBHOOK_FAULTS });
    const plan = planFaults(options);
    log(`chaos: ${plan.length} faults planned: ${plan.map((s) => `${s.kind}@${s.atEvent}`).join(', ')}`);

    const editsByRecord = new Map<string, number>();
    const pushes = createPushDriver({
      receiverUrl: stack.receiverUrl,
      token: stack.pushToken,
      rng: rng.derive('pushes'),
      signal,
    });
    const expectedSeconds = options.events / options.editsPerSecond;
    const progress = setInterval(() => {
      const p = pushes.figures();
      log(
        `progress: ${produced} events, ${p.accepted}/${options.pushes} pushes confirmed (${p.retries} retries)`,
      );
    }, PROGRESS_EVERY_MS);
    await Promise.all([
      runArloEdits({
        control,
        editsPerSecond: options.editsPerSecond,
        targetEvents: options.events,
        produced: countProduced,
        editsByRecord,
        signal,
      }),
      runPushes(pushes, options.pushes, (expectedSeconds * 1000) / Math.max(options.pushes, 1), signal),
      injectFaults(stack, plan, () => produced, signal, log, faults),
    ]).finally(() => clearInterval(progress));
    log(`chaos: workload done (${await countProduced()} events); faults off, settling`);

    await control.setKnobs({
      serverErrorRate: 0,
      dropConnectionRate: 0,
      burst429: 0,
      webhooks: { duplicateRate: 0, reorderRate: 0, dropRate: 0 },
    });
    for (const child of [...stack.workers, ...stack.receivers]) child.start();
    // Settling may use what is left of the time limit, less a minute for the comparison.
    const settleDeadline = started + options.timeLimitMs - COMPARISON_MS;
    const settleClient = await connectClient(temporalTarget(stack.config));
    client = settleClient;
    mongo = await connectMongo(stack.config.mongo.uri ?? '', stack.config.mongo.database);
    await walkEveryBulkType(stack, client, log);
    await control.flushWebhooks(options.settleTimeoutMs);
    await control.waitForWebhooksIdle(options.settleTimeoutMs);
    const catchUp = await runCatchUp(client, stack.config, stack.sim.platform, settleDeadline);
    log(`chaos: catch-up found ${catchUp.missedCount} missed events`);
    await reconcileLastDay(stack, client, log);
    const refused = pushes.refusedExternalIds();
    const settled = await waitUntilSettled({
      db: mongo.db,
      platform: stack.sim.platform,
      control,
      // A refused push can never show in Arlo; the comparison still counts its record.
      intents: pushes.intents().filter((i) => !refused.has(i.externalId)),
      deadline: settleDeadline,
    });
    if (!settled) log('chaos: the settle time ran out; comparing what there is');

    const comparison = await compareFinalState({
      db: mongo.db,
      platform: stack.sim.platform,
      control,
      intents: pushes.intents(),
      pushChanges: pushes.figures().changesToExisting,
      userEditsByRecord: editsByRecord,
      describeEventWorkflow: (eventId) => describeEventWorkflow(settleClient, stack.sim.platform, eventId),
    });
    const { rateLimited } = await control.counters();
    const deliveries = await control.deliveries();
    const dropped = deliveries.filter((d) => d.outcome === 'dropped').length;
    const pushFigures = pushes.figures();
    for (const { externalId, reason } of pushFigures.refused) {
      log(`chaos: the push of ${externalId} was given up after repeated failed outcomes: ${reason}`);
    }
    log(
      `chaos: pushes accepted ${pushFigures.accepted} (retries ${pushFigures.retries}, unconfirmed ${pushFigures.unconfirmed}); ` +
        `PATCHes ${comparison.patches.accepted} for ${comparison.patches.allowed} changes; ` +
        `pushed records merged away by Arlo users ${comparison.pushedMergedAway}; ` +
        `unexpected worker/receiver exits ${stack.unexpectedExits()}` +
        (stack.proxy ? `; requests per receiver ${stack.proxy.answeredBy().join(' / ')}` : ''),
    );
    await deps.beforeClose?.(stack, client);
    return {
      seed: options.seed,
      durationMs: Date.now() - started,
      eventsDelivered: comparison.eventsDelivered,
      duplicatesInjected: deliveries.filter((d) => d.outcome === 'duplicate').length,
      faultsInjected: faults.executed + dropped,
      faultsByKind: { ...faults.byKind, 'webhook-drop': dropped },
      recordsCompared: comparison.recordsCompared,
      recordsLost: comparison.recordsLost + pushFigures.unconfirmed,
      recordsWrong: comparison.recordsWrong,
      duplicateSideEffects: comparison.duplicateSideEffects,
      eventsUnprocessed: comparison.eventsUnprocessed,
      budgetExceeded: rateLimited,
      pushesAccepted: pushFigures.accepted,
      unexpectedExits: stack.unexpectedExits(),
      problems: [
        ...pushFigures.refused.map((r) => `push of ${r.externalId} given up: ${r.reason}`),
        ...comparison.problems,
      ],
      timedOut: false,
    };
  } catch (error) {
    if (!signal.aborted) throw error;
    const reason = timeLimit.aborted
      ? `the time limit of ${Math.round(options.timeLimitMs / 1000)} s ran out`
      : 'the run was interrupted';
    log(`chaos: ${reason}; stopping everything`);
    return timedOutFigures(options, started, { faults, produced }, stack, reason);
  } finally {
    await client?.connection.close().catch(() => undefined);
    await mongo?.close().catch(() => undefined);
    await stack.close();
  }
}

async function runPushes(driver: PushDriver, count: number, intervalMs: number, signal: AbortSignal) {
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < count; i++) {
    signal.throwIfAborted();
    while (inFlight.size >= PUSHES_IN_FLIGHT) await Promise.race(inFlight);
    const push: Promise<void> = driver.pushOne().finally(() => inFlight.delete(push));
    inFlight.add(push);
    await delay(intervalMs, undefined, { signal });
  }
  await Promise.all(inFlight);
}

function timedOutFigures(
  options: ChaosOptions,
  started: number,
  sofar: { readonly faults: FaultInjectorFigures; readonly produced: number },
  stack: ChaosStack,
  reason: string,
): ChaosFigures {
  return {
    seed: options.seed,
    durationMs: Date.now() - started,
    // Nothing was compared; the events the platform emitted so far say how far the run got.
    eventsDelivered: sofar.produced,
    duplicatesInjected: 0,
    faultsInjected: sofar.faults.executed,
    faultsByKind: sofar.faults.byKind,
    recordsCompared: 0,
    recordsLost: 0,
    recordsWrong: 0,
    duplicateSideEffects: 0,
    eventsUnprocessed: 0,
    budgetExceeded: 0,
    pushesAccepted: 0,
    unexpectedExits: stack.unexpectedExits(),
    problems: [reason],
    timedOut: true,
  };
}
