/**
 * Correlation and access logging: every request gets a new ID, answered as `X-Request-Id` and carried by
 * every log line of the request through a child logger. The ID is always ours: a caller could otherwise
 * give many requests one ID, or another request's, and muddle the log. A caller's own `X-Request-Id`
 * (when it is a plain token) is logged beside it as `clientRequestId`, to match the two sides' logs.
 * One access line per request, written once the answer is decided.
 */
import { randomUUID } from 'node:crypto';

import type { Logger } from '../logger';
import type { AppMiddleware } from './app-state';

const REQUEST_ID = /^[\w.-]{1,100}$/;

export interface RequestContextOptions {
  readonly logger: Logger;
  /** Paths logged at debug instead of info: probes and scrapes that would drown the log. */
  readonly quietPaths?: readonly string[];
}

export function requestContext(options: RequestContextOptions): AppMiddleware {
  const quiet = new Set(options.quietPaths ?? []);
  return async function requestContextMiddleware(ctx, next) {
    const started = process.hrtime.bigint();
    const offered = ctx.get('X-Request-Id');
    const requestId = randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.receivedAt = new Date();
    ctx.state.log = options.logger.child(
      REQUEST_ID.test(offered) ? { requestId, clientRequestId: offered } : { requestId },
    );
    ctx.set('X-Request-Id', requestId);

    await next();

    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    const fields = {
      method: ctx.method,
      path: ctx.path,
      status: ctx.status,
      durationMs: Math.round(durationMs * 100) / 100,
      ...(ctx.state.payload ? { events: ctx.state.payload.events.length } : {}),
    };
    const level = quiet.has(ctx.path) && ctx.status < 400 ? 'debug' : 'info';
    ctx.state.log[level](fields, 'request handled');
  };
}
