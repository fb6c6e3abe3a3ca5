/**
 * Without PUSH_TOKENS the push endpoint is off. Its paths then answer 404 with what to do, instead of
 * a bare 404 that looks like a wrong URL.
 */
import type { AppMiddleware } from './app-state';

export const PUSH_DISABLED_MESSAGE =
  'the push endpoint is off: set PUSH_TOKENS (one or more bearer tokens of at least 16 characters, ' +
  'comma-separated) and restart the receiver; `npm start` turns it on with a token it prints';

export function pushDisabled(): AppMiddleware {
  return async function pushDisabledMiddleware(ctx, next) {
    if (ctx.path !== '/push' && !ctx.path.startsWith('/push/')) {
      await next();
      return;
    }
    ctx.status = 404;
    ctx.body = { error: PUSH_DISABLED_MESSAGE, requestId: ctx.state.requestId };
  };
}
