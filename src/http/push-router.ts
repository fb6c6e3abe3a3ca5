/**
 * The push endpoint: `POST /push/contacts` and `POST /push/organisations`, for the external system.
 * Bearer token (config.push.tokens, compared in constant time) → 401; JSON body up to 64 KB (arrived in
 * time) → 413/408/415/400 with every problem named; then the push runs in its record's workflow. Answers
 * the outcome (200, or 502 when the push failed), or 202 with the workflow ID when the body says
 * `"wait": false`.
 * Mounted only when tokens are configured, so without them the paths are 404.
 */
import Router from '@koa/router';

import type { PushOutcome, PushResourceType } from '../domain/push-messages';
import type { FieldOwnership } from '../push/field-ownership';
import type { PushCall } from '../push/push-client';
import { parsePushBody } from '../push/push-request-schema';
import type { AppMiddleware, AppState } from './app-state';
import { bearerTokenOf, createTokenMatcher } from './bearer-token';
import { readBody } from './read-raw-body';
import type { ReceiverMetrics } from './receiver-metrics';
import { RequestRejection } from './request-rejection';

export interface PushRouterOptions {
  readonly tokens: readonly string[];
  readonly ownership: FieldOwnership;
  readonly platforms: readonly string[];
  /** pushToArlo / submitPush of src/push/push-client.ts, bound to a Temporal client. */
  readonly push: (call: PushCall) => Promise<PushOutcome>;
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
      const text = (await readBody(ctx, { limitBytes: MAX_BODY_BYTES })).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new RequestRejection(400, 'the body is not valid JSON');
      }
      const parsed = parsePushBody(resourceType, body, options);
      const count = (outcome: string) =>
        options.metrics?.pushes.inc({ outcome, resource_type: resourceType });
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
      const outcome = await options.push(parsed.call);
      count(outcome.outcome);
      ctx.status = outcome.outcome === 'failed' ? 502 : 200;
      ctx.body = outcome;
    });
  }
  return router;
}
