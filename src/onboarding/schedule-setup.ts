/**
 * The Temporal side of setup: search attributes on the namespace, then the platform's schedules. Unlike
 * the worker (which updates schedules to the current configuration at every start), setup only creates
 * what is missing, so a second run changes nothing.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';

import type { Config } from '../config';
import { SEARCH_ATTRIBUTE_KEYS } from '../domain/search-attributes';
import { registerSearchAttributes } from '../temporal/namespace-setup';
import { reconcileScheduleId, reconcileScheduleOptions } from '../temporal/bulk-schedules';
import { catchUpScheduleOptions, scheduleIds } from '../temporal/schedules';

export type StepOutcome = 'created' | 'exists' | 'would-create';

export interface ScheduleStepResult {
  readonly scheduleId: string;
  readonly outcome: StepOutcome;
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

/** Creates the schedule when it is missing; an existing one is left as it is (and a pause reported). */
async function ensureSchedule(
  client: Client,
  options: Parameters<Client['schedule']['create']>[0],
  dryRun: boolean,
): Promise<ScheduleStepResult> {
  const { scheduleId } = options;
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
    await client.schedule.create(options);
    return { scheduleId, outcome: 'created' };
  } catch (error) {
    // A worker starting at the same moment created it: the same schedule, so nothing to do.
    if (error instanceof ScheduleAlreadyRunning) return { scheduleId, outcome: 'exists' };
    throw error;
  }
}

export async function ensurePlatformSchedules(
  client: Client,
  config: Config,
  platform: string,
  dryRun: boolean,
): Promise<ScheduleStepResult[]> {
  return [
    await ensureSchedule(
      client,
      { scheduleId: scheduleIds.catchUp(platform), ...catchUpScheduleOptions(config, platform) },
      dryRun,
    ),
    await ensureSchedule(
      client,
      { scheduleId: reconcileScheduleId(platform), ...reconcileScheduleOptions(config, platform) },
      dryRun,
    ),
  ];
}
