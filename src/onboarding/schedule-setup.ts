/**
 * The Temporal side of setup: search attributes on the namespace, then the platform's schedules. Unlike
 * the worker (which updates schedules to the current configuration at every start), setup only creates
 * what is missing, so a second run changes nothing.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';

import type { Config } from '../config';
import { SEARCH_ATTRIBUTE_KEYS } from '../domain/search-attributes';
import { registerSearchAttributes } from '../temporal/namespace-setup';
import { catchUpScheduleOptions, scheduleIds } from '../temporal/schedules';

export type StepOutcome = 'created' | 'exists' | 'would-create';

export interface ScheduleStepResult {
  readonly scheduleId: string;
  readonly outcome: StepOutcome | 'not-available';
  /** What the user should know beyond the outcome (e.g. a paused schedule). */
  readonly note?: string;
}

export async function ensureSearchAttributes(
  client: Client,
  namespace: string,
  dryRun: boolean,
): Promise<{ outcome: StepOutcome; names: string[] }> {
  if (!dryRun) {
    const added = await registerSearchAttributes(client, namespace);
    return { outcome: added.length > 0 ? 'created' : 'exists', names: added };
  }
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = SEARCH_ATTRIBUTE_KEYS.filter((key) => !known.has(key.name)).map((key) => key.name);
  return { outcome: missing.length > 0 ? 'would-create' : 'exists', names: missing };
}

async function ensureCatchUpSchedule(
  client: Client,
  config: Config,
  platform: string,
  dryRun: boolean,
): Promise<ScheduleStepResult> {
  const scheduleId = scheduleIds.catchUp(platform);
  try {
    const description = await client.schedule.getHandle(scheduleId).describe();
    return description.state.paused
      ? { scheduleId, outcome: 'exists', note: 'paused: unpause it in the Temporal Web UI' }
      : { scheduleId, outcome: 'exists' };
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
  if (dryRun) return { scheduleId, outcome: 'would-create' };
  try {
    await client.schedule.create({ scheduleId, ...catchUpScheduleOptions(config, platform) });
    return { scheduleId, outcome: 'created' };
  } catch (error) {
    // A worker starting at the same moment created it: the same schedule, so nothing to do.
    if (error instanceof ScheduleAlreadyRunning) return { scheduleId, outcome: 'exists' };
    throw error;
  }
}

/**
 * THE call site for the reconciliation schedule (bulk cursor walk, issue 5), built on another branch:
 * when src/temporal/ gains its idempotent creator, call it here (with `dryRun`) and report its outcome.
 */
function ensureReconciliationSchedule(platform: string): Promise<ScheduleStepResult> {
  return Promise.resolve({
    scheduleId: `arlo-reconcile:${platform}`,
    outcome: 'not-available',
    note: 'reconciliation is not part of this build yet; the catch-up schedule closes gaps of up to 5 days',
  });
}

export async function ensurePlatformSchedules(
  client: Client,
  config: Config,
  platform: string,
  dryRun: boolean,
): Promise<ScheduleStepResult[]> {
  return [
    await ensureCatchUpSchedule(client, config, platform, dryRun),
    await ensureReconciliationSchedule(platform),
  ];
}
