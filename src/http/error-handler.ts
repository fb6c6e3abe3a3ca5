/**
 * Turns every error into an answer. Only messages marked safe reach the client: a RequestRejection's
 * public message, or an HTTP error that Koa or the router marked `expose` (404, 405, ...). Everything
 * else is a 500 with a generic message, logged in full with the request's correlation ID.
 * (Koa does the same by default: https://github.com/koajs/koa/blob/master/docs/error-handling.md.)
 */
import type { AppMiddleware } from './app-state';
import { RequestRejection } from './request-rejection';

interface ExposableHttpError {
  status: number;
  expose: true;
  message: string;
  headers?: Record<string, string>;
}

function isExposableHttpError(error: unknown): error is ExposableHttpError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<ExposableHttpError>;
  return candidate.expose === true && typeof candidate.status === 'number' && candidate.status < 500;
}

export function errorHandler(): AppMiddleware {
  return async function errorHandlerMiddleware(ctx, next) {
    try {
      await next();
    } catch (error) {
      const { requestId, log } = ctx.state;
      if (error instanceof RequestRejection) {
        log.warn({ status: error.status, reason: error.reason, outcome: error.outcome }, 'request rejected');
        ctx.set(error.headers);
        ctx.status = error.status;
        ctx.body = { error: error.publicMessage, requestId };
      } else if (isExposableHttpError(error)) {
        ctx.set(error.headers ?? {});
        ctx.status = error.status;
        ctx.body = { error: error.message, requestId };
      } else {
        log.error({ err: error }, 'request failed unexpectedly');
        ctx.status = 500;
        ctx.body = { error: 'internal error; the request ID identifies it in the logs', requestId };
      }
    }
  };
}
