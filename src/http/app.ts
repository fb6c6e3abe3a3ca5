/**
 * The receiver's Koa app, without `listen` (src/server.ts listens; tests listen on port 0). Routers are
 * composed here, so a later route (the push endpoint) is one more router in the list below.
 */
import Koa from 'koa';
import type { Registry } from 'prom-client';

import type { Config } from '../config';
import type { Logger } from '../logger';
import type { AppState } from './app-state';
import { clientFaultOf } from './client-faults';
import { closeUnreadBody } from './close-unread-body';
import { createChangesRouter, type ChangesRouterOptions } from './changes-router';
import { errorHandler } from './error-handler';
import type { WorkflowStartClient } from './event-workflow-starter';
import { createOperatorRouter, OPERATOR_PATHS } from './operator-router';
import { pushDisabled } from './push-disabled';
import { createPushRouter, type PushRouterOptions } from './push-router';
import type { ReadinessChecker } from './readiness';
import { createReceiverMetrics } from './receiver-metrics';
import { requestContext } from './request-context';
import { createWebhookPlatforms } from './webhook-platforms';
import { createWebhookRouter } from './webhook-router';

export interface AppDeps {
  readonly config: Pick<Config, 'platforms' | 'receiver' | 'temporal'>;
  /** A Temporal `Client` (ideally wrapped by trackTemporalCalls), or a fake with the same shape. */
  readonly temporal: WorkflowStartClient;
  readonly readiness: ReadinessChecker;
  readonly logger: Logger;
  /** The receiver's metrics are registered here; `/metrics` serves everything in it. */
  readonly registry: Registry;
  /** The push endpoint (src/http/push-router.ts); absent, or with no tokens, its paths answer how to turn it on. */
  readonly push?: PushRouterOptions;
  /** The change feed (src/http/changes-router.ts); absent, or with no tokens, its path is 404. */
  readonly changes?: ChangesRouterOptions;
  /** Told of every accepted callback, e.g. to store "last callback at" for `arlo-sync doctor`. */
  readonly onCallbackAccepted?: (platform: string, receivedAt: Date) => void;
  /** Longest time spent handing one callback's events to Temporal; default 3000 ms. */
  readonly startTimeoutMs?: number;
}

/**
 * Arlo gives up after 5000 ms. Starting a callback's events normally takes tens of milliseconds; 3 s
 * leaves room for network and queueing, and still answers (503, so Arlo retries) before Arlo does.
 */
export const DEFAULT_START_TIMEOUT_MS = 3_000;
const RETRY_AFTER_SECONDS = 10;

export function createApp(deps: AppDeps): Koa<AppState> {
  const { config, logger } = deps;
  const metrics = createReceiverMetrics(deps.registry);
  const app = new Koa<AppState>();
  // Behind a reverse proxy, X-Forwarded-* would decide ctx.ip; the receiver does not use it.
  app.proxy = false;
  // Errors are answered and logged by errorHandler; this only hears what escapes it: the connection
  // failing under an answer (the client timed out or hung up), or a defect.
  app.on('error', (error: unknown) => {
    const fault = clientFaultOf(error);
    if (fault) logger.warn(fault, 'client went away before its answer');
    else logger.error({ err: error }, 'unhandled Koa error');
  });

  const webhooks = createWebhookRouter({
    path: config.receiver.webhookPath,
    platforms: createWebhookPlatforms(config.platforms),
    maxBodyBytes: config.receiver.maxBodyBytes,
    client: deps.temporal,
    taskQueue: config.temporal.taskQueue,
    metrics,
    startTimeoutMs: deps.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    ...(deps.onCallbackAccepted ? { onAccepted: deps.onCallbackAccepted } : {}),
  });
  const operator = createOperatorRouter({ readiness: deps.readiness, registry: deps.registry });

  app.use(requestContext({ logger, quietPaths: Object.values(OPERATOR_PATHS) }));
  app.use(closeUnreadBody());
  app.use(errorHandler());
  const push = deps.push && deps.push.tokens.length > 0 ? [createPushRouter({ ...deps.push, metrics })] : [];
  if (push.length === 0) app.use(pushDisabled());
  const changes = deps.changes && deps.changes.tokens.length > 0 ? [createChangesRouter(deps.changes)] : [];
  for (const router of [webhooks, operator, ...push, ...changes]) {
    app.use(router.routes());
    // 405 with Allow for a known path and a wrong method (GET on the webhook path).
    app.use(router.allowedMethods());
  }
  return app;
}
