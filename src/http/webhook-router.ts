/**
 * The Arlo webhook route, `POST {config.receiver.webhookPath}`. The order of the checks is the contract:
 *
 *   1. the body fits the limit (declared length first, then while reading), in time   → else 413 / 408
 *   2. X-Arlo-Platform names a configured platform, X-Arlo-Signature is present       → else 401
 *   3. the signature matches one of the platform's keys                               → else 401
 *   4. Content-Type is JSON in UTF-8, not compressed                                   → else 415
 *   5. the JSON is a valid callback                                                    → else 400
 *   6. Temporal holds a workflow for every event                                       → 200, else 503
 *
 * The size comes first, for every sender alike: were it checked only for a configured platform, an
 * oversize body would answer 413 for a configured name and 401 for any other, and a stranger could list
 * the configured platforms. Everything else an unauthenticated sender gets is the same 401, after the
 * same body read, whichever check failed. Everything about the content (media type, JSON) comes after
 * the signature, and a callback that fails any check starts nothing.
 */
import Router from '@koa/router';

import type { AppMiddleware, AppState } from './app-state';
import type { WorkflowStartClient } from './event-workflow-starter';
import { observeCallback } from './observe-callback';
import { readRawBody } from './read-raw-body';
import type { ReceiverMetrics } from './receiver-metrics';
import { requireJson } from './require-json';
import { startEventWorkflows } from './start-event-workflows';
import { validatePayload } from './validate-payload';
import { verifyPlatform } from './verify-platform';
import { verifySignature } from './verify-signature';
import type { WebhookPlatforms } from './webhook-platforms';

export interface WebhookRouterOptions {
  readonly path: string;
  readonly platforms: WebhookPlatforms;
  readonly maxBodyBytes: number;
  readonly client: WorkflowStartClient;
  readonly taskQueue: string;
  readonly metrics: ReceiverMetrics;
  readonly startTimeoutMs: number;
  readonly retryAfterSeconds: number;
  /** Told of every accepted callback (platform, arrival time); must not block. */
  readonly onAccepted?: (platform: string, receivedAt: Date) => void;
}

function noteAccepted(onAccepted: (platform: string, receivedAt: Date) => void): AppMiddleware {
  return async function noteAcceptedCallback(ctx, next) {
    await next();
    if (ctx.status === 200 && ctx.state.platform) onAccepted(ctx.state.platform.name, ctx.state.receivedAt);
  };
}

export function createWebhookRouter(options: WebhookRouterOptions): Router<AppState> {
  const router = new Router<AppState>();
  router.post(
    options.path,
    observeCallback(options.metrics),
    ...(options.onAccepted ? [noteAccepted(options.onAccepted)] : []),
    readRawBody({ limitBytes: options.maxBodyBytes }),
    verifyPlatform(options.platforms),
    verifySignature(),
    requireJson(),
    validatePayload(),
    startEventWorkflows(options),
  );
  return router;
}
