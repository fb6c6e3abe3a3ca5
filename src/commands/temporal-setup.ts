/**
 * `arlo-sync temporal-setup`: makes a self-hosted Temporal server ready for arlo-sync, idempotently; the
 * one-shot `temporal-setup` service of docker-compose.yml and the production lane run it. It registers
 * the namespace if missing, adds the missing search attributes, and returns once the server accepts a
 * query naming each of them (a new namespace and its attributes reach the server's caches a moment after
 * they are registered). A server that is still starting is waited for, up to `waitSeconds`.
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { Client } from '@temporalio/client';

import type { Config } from '../config';
import { SEARCH_ATTRIBUTE_KEYS } from '../domain/search-attributes';
import { connectClient, temporalTarget } from '../temporal/connection';
import { ensureNamespace, registerSearchAttributes } from '../temporal/namespace-setup';

export interface TemporalSetupOptions {
  /** How long Temporal keeps a closed workflow's history (the event ledger in MongoDB outlives it). */
  readonly retentionDays: number;
  /** How long to wait for a server that is still starting, or a namespace not yet visible. */
  readonly waitSeconds: number;
}

export const DEFAULT_TEMPORAL_SETUP: TemporalSetupOptions = { retentionDays: 7, waitSeconds: 120 };

export async function temporalSetupCommand(
  config: Config,
  options: TemporalSetupOptions,
  write: (line: string) => void,
): Promise<void> {
  const target = temporalTarget(config);
  const { namespace } = config.temporal;
  const deadline = Date.now() + options.waitSeconds * 1000;
  const patiently = <T>(what: string, step: () => Promise<T>) =>
    retryUntil(deadline, step, (error) =>
      Object.assign(
        new Error(
          `${what} at ${target.address} did not succeed within ${options.waitSeconds} s: ${describe(error)}`,
        ),
        {
          cause: error,
        },
      ),
    );

  const client: Client = await patiently('Connecting to Temporal', () => connectClient(target));
  try {
    const created = await patiently(`Registering namespace ${namespace}`, () =>
      ensureNamespace(client, namespace, options.retentionDays),
    );
    write(
      created
        ? `Registered namespace ${namespace} (retention ${options.retentionDays} days).`
        : `Namespace ${namespace} already registered.`,
    );
    const added = await patiently(`Adding search attributes to ${namespace}`, () =>
      registerSearchAttributes(client, namespace),
    );
    // Registered (and listed) is not yet usable: the frontend validates a workflow's or schedule's search
    // attributes against its own copy of the namespace, refreshed a few seconds later. A query naming each
    // of them is refused until then, so setup returns only once a worker can start.
    await patiently(`Querying ${namespace} by its search attributes`, () =>
      client.workflow.count(
        SEARCH_ATTRIBUTE_KEYS.map((key) => `${key.name} = 'arlo-sync-setup-probe'`).join(' OR '),
      ),
    );
    write(added.length ? `Registered: ${added.join(', ')}` : 'All search attributes already registered.');
  } finally {
    await client.connection.close();
  }
}

/** Runs `step` until it succeeds, pausing between attempts; past the deadline the last failure is final. */
async function retryUntil<T>(
  deadline: number,
  step: () => Promise<T>,
  final: (error: unknown) => Error,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (Date.now() >= deadline) throw final(error);
      await delay(Math.min(250 * attempt, 2_000));
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
