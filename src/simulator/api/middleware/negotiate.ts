import type { Middleware } from 'koa';

import { ApiError } from '../../api-error';
import type { ApiState } from '../api-context';

/** The API speaks XML only: an Accept header that excludes it is answered 406. */
export function negotiate(): Middleware<ApiState> {
  return async function requireXml(ctx, next) {
    if (ctx.get('Accept') !== '' && !ctx.accepts('application/xml', 'text/xml')) {
      throw new ApiError(
        406,
        'NotAcceptable',
        `This API answers application/xml; the request accepts only "${ctx.get('Accept')}".`,
      );
    }
    await next();
  };
}
