/**
 * The simulated Arlo Auth API: a Koa app serving `/api/2012-02-01/auth/resources/`. Middleware order is
 * the platform's: classify the route (so even faulted requests are counted), count, log writes, serialise, render
 * errors, then faults, rate limit, authentication (401), content negotiation (406), and the handler.
 */
import Koa from 'koa';

import { ApiError, notFound } from '../api-error';
import type { SimulatorCore } from '../simulator-core';
import type { ApiState } from './api-context';
import { authenticate } from './middleware/authenticate';
import { countRequests } from './middleware/count-requests';
import { injectFaults } from './middleware/inject-faults';
import { logWrites } from './middleware/log-writes';
import { negotiate } from './middleware/negotiate';
import { rateLimit } from './middleware/rate-limit';
import { renderErrors } from './middleware/render-errors';
import { serializeXml } from './middleware/serialize-xml';
import { RouteTable, type RouteMatch } from './route-table';
import { addPlatformEventRoutes } from './routes/platform-event-routes';
import { addResourceRoutes } from './routes/resource-routes';
import { addRootRoute } from './routes/root-route';
import { addWebhookEndpointRoutes } from './routes/webhook-endpoint-routes';

export const API_PATH = '/api/2012-02-01/auth/resources/';

const QUIET_SOCKET_ERRORS = new Set([
  'ECONNRESET',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
]);

export function createApiApp(core: SimulatorCore): Koa<ApiState> {
  const table = new RouteTable();
  addRootRoute(table, core);
  addPlatformEventRoutes(table, core);
  addWebhookEndpointRoutes(table, core);
  addResourceRoutes(table, core);

  const app = new Koa<ApiState>();
  const matches = new WeakMap<object, RouteMatch>();
  app.use(async function classifyRoute(ctx, next) {
    const lower = ctx.path.toLowerCase();
    const match: RouteMatch =
      lower === API_PATH.slice(0, -1) || lower.startsWith(API_PATH)
        ? table.match(ctx.method, ctx.path.slice(API_PATH.length - 1))
        : { kind: 'not-found' };
    matches.set(ctx, match);
    ctx.state.route =
      match.kind === 'not-found' ? 'unmatched' : match.kind === 'found' ? match.route.pattern : match.pattern;
    await next();
  });
  app.use(countRequests(core.counters));
  app.use(logWrites(core.writeLog));
  app.use(serializeXml(core));
  app.use(renderErrors(core.onError));
  app.use(injectFaults(core));
  app.use(rateLimit(core));
  app.use(authenticate(core.credentials));
  app.use(negotiate());
  app.use(async function dispatch(ctx) {
    const match = matches.get(ctx) ?? { kind: 'not-found' };
    if (match.kind === 'not-found')
      throw notFound(`No resource at ${ctx.path}; the API root is ${API_PATH}.`);
    if (match.kind === 'method-not-allowed') {
      throw new ApiError(405, 'MethodNotAllowed', `${ctx.method} is not supported on ${match.pattern}.`, {
        Allow: match.allowed.join(', '),
      });
    }
    await match.route.handler(ctx, match.params);
  });
  app.on('error', (error: NodeJS.ErrnoException) => {
    if (!QUIET_SOCKET_ERRORS.has(error.code ?? '')) core.onError(error);
  });
  return app;
}
