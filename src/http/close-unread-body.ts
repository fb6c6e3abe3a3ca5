/**
 * An answer given before the request's body has fully arrived closes the connection when the rest of
 * the body is not worth reading: a 413 or 408, a body larger than DRAINABLE_BODY_BYTES, or one of unknown
 * length (chunked). Left open, the connection would stall on the unread rest of the body, or Node would
 * read all of it, however large, before the next request could start.
 *
 * A small body (a callback or a push refused with 401, 400 or 415) is left to Node, which reads and
 * discards it and keeps the connection. Closing there would be worse: a socket closed with unread data in
 * it is reset by the kernel, and the client can lose the answer it was about to read (ECONNRESET).
 */
import type { AppMiddleware } from './app-state';

/** The largest body an early answer still drains: the receiver's own body limits are 64 KiB. */
const DRAINABLE_BODY_BYTES = 65_536;

const CLOSING_STATUSES: ReadonlySet<number> = new Set([408, 413]);

export function closeUnreadBody(): AppMiddleware {
  return async function closeUnreadBodyMiddleware(ctx, next) {
    try {
      await next();
    } finally {
      if (!ctx.req.complete && !ctx.headerSent) {
        const declared = ctx.request.length;
        const notWorthReading =
          CLOSING_STATUSES.has(ctx.status) || declared === undefined || declared > DRAINABLE_BODY_BYTES;
        if (notWorthReading) ctx.set('Connection', 'close');
      }
    }
  };
}
