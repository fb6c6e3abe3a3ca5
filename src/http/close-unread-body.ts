/**
 * An answer given before the request's body has fully arrived (401 before reading it, 413 part-way, 408,
 * 404 for an unknown path) closes the connection. Left open, the connection would stall on the unread
 * rest of the body, or Node would read all of it, however large, before the next request could start.
 */
import type { AppMiddleware } from './app-state';

export function closeUnreadBody(): AppMiddleware {
  return async function closeUnreadBodyMiddleware(ctx, next) {
    try {
      await next();
    } finally {
      if (!ctx.req.complete && !ctx.headerSent) ctx.set('Connection', 'close');
    }
  };
}
