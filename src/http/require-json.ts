/**
 * A verified callback must be JSON in UTF-8, uncompressed (webhooks.txt: `application/json;
 * charset=utf-8`). Checked after the signature, so an unauthenticated sender only ever sees 401, while
 * a genuine but misdelivered callback gets a precise 415.
 */
import type { AppMiddleware } from './app-state';
import { CALLBACK_OUTCOMES } from './receiver-metrics';
import { RequestRejection } from './request-rejection';

function unsupported(reason: string): RequestRejection {
  return new RequestRejection(415, reason, { outcome: CALLBACK_OUTCOMES.unsupportedMediaType, reason });
}

export function requireJson(): AppMiddleware {
  return async function requireJsonMiddleware(ctx, next) {
    // `type` is the media type without parameters, lower-cased ('' when the header is missing).
    if (ctx.request.type !== 'application/json') {
      throw unsupported('Content-Type must be application/json');
    }
    const charset = ctx.request.charset;
    if (charset !== '' && charset.toLowerCase() !== 'utf-8') {
      throw unsupported('the body must be UTF-8 (charset=utf-8)');
    }
    const encoding = ctx.get('Content-Encoding').toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      throw unsupported('Content-Encoding is not supported: send the body uncompressed');
    }
    await next();
  };
}
