import type { Middleware } from 'koa';

import type { RequestCounters } from '../../request-counters';
import type { ApiState } from '../api-context';

/** Counts every API request under its route pattern and final status (0 = connection dropped on purpose). */
export function countRequests(counters: RequestCounters): Middleware<ApiState> {
  return async function countRequest(ctx, next) {
    try {
      await next();
    } finally {
      counters.record(`${ctx.method} ${ctx.state.route}`, ctx.respond === false ? 0 : ctx.status);
    }
  };
}
