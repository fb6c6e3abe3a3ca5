/** Temporal: reachable, the namespace exists, arlo-sync's search attributes, each platform's schedules. */
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';

import type { Config } from '../config';
import { SEARCH_ATTRIBUTE_KEYS } from '../domain/search-attributes';
import { scheduleIds } from '../temporal/schedules';
import { fail, ok, withTimeout, type CheckResult } from './check-result';

const CONNECT_TIMEOUT_MS = 5_000;
const CALL_TIMEOUT_MS = 5_000;
/**
 * For calls a worker answers with a workflow query: DescribeSchedule (the server's own scheduler worker)
 * and a workflow's query (ours). Temporal first offers a query to the worker that has the workflow cached
 * (its sticky queue) and, when that worker does not take it within its sticky schedule-to-start timeout
 * (5 s for the server's scheduler worker, 10 s for an SDK worker like ours), clears the stickiness (up to
 * 5 s more) and hands the query to any worker, which replays the history. A healthy but busy stack takes
 * that path now and then: 1 in 100 schedule descriptions took 5.2 s on a 2-core machine at load 6 to 9,
 * which a 5 s bound reports as a failure. 20 s covers the longest such path (10 + 5 s) and a replay
 * on a loaded machine; a server or worker that answers in none of that is reported.
 */
export const QUERY_TIMEOUT_MS = 20_000;

export async function connectTemporal(config: Config): Promise<{ client?: Client; result: CheckResult }> {
  const name = 'Temporal';
  const address = config.temporal.address;
  if (!address) {
    return {
      result: fail(name, 'TEMPORAL_ADDRESS is not set', 'set TEMPORAL_ADDRESS, or run `arlo-sync up`'),
    };
  }
  const { apiKey, tls, metadata } = config.temporal.connection;
  try {
    const connection = await withTimeout(
      Connection.connect({
        address,
        connectTimeout: CONNECT_TIMEOUT_MS,
        ...(apiKey ? { apiKey } : {}),
        ...(tls !== undefined ? { tls } : {}),
        ...(metadata ? { metadata } : {}),
      }),
      CONNECT_TIMEOUT_MS + 1_000,
      `connecting to ${address}`,
    );
    const client = new Client({ connection, namespace: config.temporal.namespace });
    return { client, result: ok(name, `reachable at ${address}`) };
  } catch (error) {
    return {
      result: fail(
        name,
        `cannot reach ${address} (${firstLine(error)})`,
        'start the Temporal server (or `arlo-sync up`), or correct TEMPORAL_ADDRESS and its TLS/API key settings',
      ),
    };
  }
}

export async function checkNamespace(client: Client, namespace: string): Promise<CheckResult> {
  const name = `Temporal namespace ${namespace}`;
  try {
    await withTimeout(
      client.workflowService.describeNamespace({ namespace }),
      CALL_TIMEOUT_MS,
      'describeNamespace',
    );
    const attributes = await withTimeout(
      client.connection.operatorService.listSearchAttributes({ namespace }),
      CALL_TIMEOUT_MS,
      'listSearchAttributes',
    );
    const known = new Set(Object.keys(attributes.customAttributes ?? {}));
    const missing = SEARCH_ATTRIBUTE_KEYS.filter((key) => !known.has(key.name)).map((key) => key.name);
    if (missing.length > 0) {
      return fail(
        name,
        `search attributes missing: ${missing.join(', ')}`,
        'run `arlo-sync temporal-setup` (or `arlo-sync setup`)',
      );
    }
    return ok(name, 'exists; search attributes registered');
  } catch (error) {
    return fail(
      name,
      firstLine(error),
      `create it (\`temporal operator namespace create ${namespace}\`) or correct TEMPORAL_NAMESPACE`,
    );
  }
}

export async function checkSchedules(client: Client, platform: string): Promise<CheckResult> {
  const scheduleId = scheduleIds.catchUp(platform);
  const name = `Schedule ${scheduleId}`;
  try {
    const description = await withTimeout(
      client.schedule.getHandle(scheduleId).describe(),
      QUERY_TIMEOUT_MS,
      'describe schedule',
    );
    if (description.state.paused) {
      return fail(
        name,
        'paused',
        'unpause it in the Temporal Web UI (Schedules) or `temporal schedule toggle`',
      );
    }
    const next = description.info.nextActionTimes[0];
    return ok(name, `active${next ? `; next run ${next.toISOString()}` : ''}`);
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) {
      return fail(name, 'missing', 'run `arlo-sync setup` (a starting worker creates it too)');
    }
    return fail(name, firstLine(error), 'check the Temporal server');
  }
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
