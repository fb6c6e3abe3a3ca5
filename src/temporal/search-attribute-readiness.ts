/**
 * A Temporal server refuses a workflow or schedule that carries a search attribute its namespace has no
 * mapping for ("Namespace default has no mapping defined for search attribute ArloPlatform"). That
 * happens for two reasons: nobody registered arlo-sync's search attributes (`arlo-sync temporal-setup`
 * does), or they were registered a moment ago and the server's frontend has not refreshed its copy of
 * the namespace yet (about 10 s on a self-hosted server; the production lane's first worker met it
 * right after setup). So a worker starting waits a bounded while for the second, and then says which
 * attribute is missing and how to register it, instead of exiting with "Failed to create schedule".
 */
import { setTimeout as delay } from 'node:timers/promises';

import { GRPC_STATUS, grpcErrorWithCode } from './grpc-status';

const NO_MAPPING = /has no mapping defined for search attribute (\S+)/;

/** The search attribute the server said it has no mapping for, when that is what `error` is. */
export function unmappedSearchAttribute(error: unknown): string | undefined {
  const invalid = grpcErrorWithCode(error, GRPC_STATUS.INVALID_ARGUMENT);
  return invalid ? NO_MAPPING.exec(invalid.details)?.[1] : undefined;
}

export class MissingSearchAttributeError extends Error {
  constructor(
    readonly namespace: string,
    readonly searchAttribute: string,
    waitedMs: number,
  ) {
    super(
      `Temporal namespace "${namespace}" has no search attribute ${searchAttribute} ` +
        `(still missing after ${Math.round(waitedMs / 1000)} s): register arlo-sync's search attributes ` +
        'with `arlo-sync temporal-setup` (or `arlo-sync setup`), then start the worker again.',
    );
    this.name = 'MissingSearchAttributeError';
  }
}

export interface SearchAttributeWait {
  readonly namespace: string;
  /** How long the server may take to see search attributes registered just before. */
  readonly waitMs: number;
  /** Told once, when the first attempt found an attribute missing. */
  readonly onWaiting?: (searchAttribute: string) => void;
  readonly pauseMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<unknown>;
}

/**
 * Runs `step` (which must be idempotent) again while the server has no mapping for one of its search
 * attributes, for up to `waitMs`; then fails with a `MissingSearchAttributeError`. Other errors pass.
 */
export async function whenSearchAttributesMapped<T>(
  step: () => Promise<T>,
  wait: SearchAttributeWait,
): Promise<T> {
  const now = wait.now ?? Date.now;
  const sleep = wait.sleep ?? ((ms: number) => delay(ms));
  const started = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const missing = unmappedSearchAttribute(error);
      if (missing === undefined) throw error;
      const waited = now() - started;
      if (waited >= wait.waitMs) {
        throw Object.assign(new MissingSearchAttributeError(wait.namespace, missing, waited), {
          cause: error,
        });
      }
      if (attempt === 0) wait.onWaiting?.(missing);
      await sleep(Math.min(wait.pauseMs ?? 1_000, wait.waitMs - waited));
    }
  }
}
