import type { Middleware } from 'koa';

import type { WriteLog } from '../../write-log';
import type { ApiState } from '../api-context';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Records every write request with the body the handler read (see src/simulator/write-log.ts). */
export function logWrites(log: WriteLog): Middleware<ApiState> {
  return async function logWrite(ctx, next) {
    try {
      await next();
    } finally {
      if (!READS.has(ctx.method)) {
        log.record({
          method: ctx.method,
          route: ctx.state.route,
          url: ctx.url,
          status: ctx.respond === false ? 0 : ctx.status,
          ...(ctx.state.requestBody !== undefined ? { body: ctx.state.requestBody } : {}),
        });
      }
    }
  };
}
