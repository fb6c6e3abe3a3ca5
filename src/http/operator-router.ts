/**
 * The operator surface: liveness, readiness and Prometheus metrics. Liveness says only that the process
 * serves HTTP (restart it if not); readiness says whether it can do its job (route traffic to it if so).
 */
import Router from '@koa/router';
import type { Registry } from 'prom-client';

import type { AppState } from './app-state';
import type { ReadinessChecker } from './readiness';

export const OPERATOR_PATHS = { health: '/healthz', ready: '/readyz', metrics: '/metrics' } as const;

export interface OperatorRouterOptions {
  readonly readiness: ReadinessChecker;
  readonly registry: Registry;
}

export function createOperatorRouter(options: OperatorRouterOptions): Router<AppState> {
  const router = new Router<AppState>();
  router.get(OPERATOR_PATHS.health, function liveness(ctx) {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get(OPERATOR_PATHS.ready, async function readiness(ctx) {
    const report = await options.readiness.check();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = report.ready ? 200 : 503;
    ctx.body = report;
  });
  router.get(OPERATOR_PATHS.metrics, async function metrics(ctx) {
    ctx.type = options.registry.contentType;
    ctx.body = await options.registry.metrics();
  });
  return router;
}
