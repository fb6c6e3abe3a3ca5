/**
 * The push path end to end on top of the pull path's environment (test/helpers/pull-e2e.ts): the same
 * simulator, receiver (now with the push endpoint: PUSH_TOKENS is set), worker and stores, plus the
 * external system's side: `push()` is an authenticated `POST /push/...` over real HTTP, and `writes()`
 * what the simulator received.
 */
import type { PushOutcome } from '../../src/domain/push-messages';
import type { WriteLogEntry } from '../../src/simulator';
import { startPullE2E, type PullE2E } from './pull-e2e';

export const PUSH_TOKEN = 'push-token-for-tests-0123456789';

export interface PushAnswer {
  readonly status: number;
  readonly body: PushOutcome & { readonly problems?: string[]; readonly workflowId?: string };
}

export interface PushE2E extends PullE2E {
  push(kind: 'contacts' | 'organisations', body: Record<string, unknown>): Promise<PushAnswer>;
  /** The simulator's write log, only the given method (e.g. 'PATCH'), oldest first. */
  writes(method?: string): Promise<WriteLogEntry[]>;
  /**
   * Waits until the pull path is quiet: every emitted event processed, and no new event (e.g. from a
   * corrective push it started) for `quietMs`.
   */
  settle(quietMs?: number): Promise<void>;
  /**
   * Polls until `holds` answers true (or throws naming `what` after `timeoutMs`). For an outcome that
   * follows asynchronously from an event already processed, e.g. a corrective PATCH: the push workflow
   * accepted it before the event was ledgered, but sends it after, possibly after `settle`'s quiet time.
   */
  until(what: string, holds: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
}

export async function startPushE2E(env: Record<string, string> = {}): Promise<PushE2E> {
  const e2e = await startPullE2E({ env: { PUSH_TOKENS: PUSH_TOKEN, ...env } });
  return Object.assign(e2e, {
    async push(kind: 'contacts' | 'organisations', body: Record<string, unknown>) {
      const response = await fetch(`${e2e.receiverUrl()}/push/${kind}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${PUSH_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as PushAnswer['body'] };
    },
    async writes(method?: string) {
      const all = await e2e.sim.control.writes();
      return method === undefined ? all : all.filter((w) => w.method === method);
    },
    async until(what: string, holds: () => Promise<boolean>, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await holds())) {
        if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async settle(quietMs = 3000) {
      for (;;) {
        const before = (await e2e.waitUntilProcessed()).length;
        await new Promise((resolve) => setTimeout(resolve, quietMs));
        if ((await e2e.sim.control.events()).length === before) return;
      }
    },
  });
}
