/**
 * The push endpoint: `POST /push/contacts` and `POST /push/organisations`, for the external system.
 * Bearer token (config.push.tokens, compared in constant time) → 401; JSON body up to 64 KB that arrived in
 * time, each key once per object → 413/408/415/400 with every problem named; then the push runs in its record's workflow.
 * Answers the outcome (200, or 502 with a short reason when the push failed; the whole reason goes to
 * the log), or 202 with the workflow ID when the body says `"wait": false` or the push has not finished
 * within `waitSeconds` (default 20). 503 when Temporal did not take the push in that time.
 * Mounted only when tokens are configured, so without them the paths are 404.
 */
import Router from '@koa/router';

import type { PushResourceType } from '../domain/push-messages';
import { workflowIds } from '../domain/workflow-ids';
import { summariseFailure } from '../push/failure-summary';
import type { FieldOwnership } from '../push/field-ownership';
import { PushNotAcceptedError, type PushCall, type WaitedPush } from '../push/push-client';
import { parsePushBody } from '../push/push-request-schema';
import type { AppMiddleware, AppState } from './app-state';
import { bearerTokenOf, createTokenMatcher } from './bearer-token';
import { readBody } from './read-raw-body';
import type { ReceiverMetrics } from './receiver-metrics';
import { RequestRejection } from './request-rejection';
import { parseStrictJson } from './strict-json';

export interface PushRouterOptions {
  readonly tokens: readonly string[];
  readonly ownership: FieldOwnership;
  readonly platforms: readonly string[];
  /** pushWithin / submitPush of src/push/push-client.ts, bound to a Temporal client. */
  readonly push: (call: PushCall, waitMs: number) => Promise<WaitedPush>;
  readonly submit: (call: PushCall) => Promise<{ workflowId: string }>;
  /** Counts pushes by outcome (createApp passes the receiver's). */
  readonly metrics?: Pick<ReceiverMetrics, 'pushes'>;
}

const MAX_BODY_BYTES = 64 * 1024;
const ROUTES: Readonly<Record<string, PushResourceType>> = {
  '/push/contacts': 'Contact',
  '/push/organisations': 'Organisation',
};

/** Constant-time token check: see bearer-token.ts. */
function bearerAuth(tokens: readonly string[]): AppMiddleware {
  const matches = createTokenMatcher(tokens);
  return async function requirePushToken(ctx, next) {
    if (!matches(bearerTokenOf(ctx.get('authorization')))) {
      throw new RequestRejection(401, 'a valid bearer token is required', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    await next();
  };
}

export function createPushRouter(options: PushRouterOptions): Router<AppState> {
  const router = new Router<AppState>();
  for (const [path, resourceType] of Object.entries(ROUTES)) {
    router.post(path, bearerAuth(options.tokens), async function pushRecordRoute(ctx) {
      if (!ctx.is('application/json')) throw new RequestRejection(415, 'send Content-Type: application/json');
      const raw = await readBody(ctx, { limitBytes: MAX_BODY_BYTES });
      const count = (outcome: string) =>
        options.metrics?.pushes.inc({ outcome, resource_type: resourceType });
      const json = parseStrictJson(raw);
      if (!json.ok) {
        count('invalid');
        throw new RequestRejection(400, json.problem);
      }
      const parsed = parsePushBody(resourceType, json.value, options);
      if (!parsed.ok) {
        count('invalid');
        ctx.status = 400;
        ctx.body = {
          error: 'invalid push request',
          problems: parsed.problems,
          requestId: ctx.state.requestId,
        };
        return;
      }
      if (!parsed.wait) {
        ctx.status = 202;
        ctx.body = await options.submit(parsed.call);
        count('submitted');
        return;
      }
      const { call } = parsed;
      let waited: WaitedPush;
      try {
        waited = await options.push(call, parsed.waitSeconds * 1000);
      } catch (error) {
        if (!(error instanceof PushNotAcceptedError)) throw error;
        count('not-accepted');
        throw new RequestRejection(
          503,
          `Temporal did not take the push within ${parsed.waitSeconds} s; send it again (a push is idempotent)`,
          { reason: error.message, headers: { 'Retry-After': '5' } },
        );
      }
      if (!waited.finished) {
        count('still-running');
        ctx.status = 202;
        ctx.body = {
          workflowId: waited.workflowId,
          message: `the push had not finished after ${parsed.waitSeconds} s; it carries on in its workflow`,
        };
        return;
      }
      const { outcome } = waited;
      count(outcome.outcome);
      if (outcome.outcome === 'failed') {
        const workflowId = workflowIds.push(call.platform, call.resourceType, call.externalId);
        ctx.state.log.warn({ workflowId, reason: outcome.reason }, 'push failed');
        ctx.status = 502;
        ctx.body = { outcome: 'failed', reason: summariseFailure(outcome, workflowId), workflowId };
        return;
      }
      ctx.status = 200;
      ctx.body = outcome;
    });
  }
  return router;
}
