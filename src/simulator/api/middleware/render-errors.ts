import type { Middleware } from 'koa';

import { ApiError } from '../../api-error';
import { element, leaf } from '../../xml/xml-node';
import type { ApiState } from '../api-context';

/**
 * Turns ApiErrors into `<ApiException><Code/><Message/></ApiException>` with their status and headers.
 * Anything else is a simulator bug: 500 with a generic message (the detail goes to the log), so the fuzz
 * tests notice it.
 */
export function renderErrors(onError: (error: unknown) => void): Middleware<ApiState> {
  return async function renderError(ctx, next) {
    try {
      await next();
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(500, 'InternalError', 'The simulator failed unexpectedly; see its log.');
      if (!(error instanceof ApiError)) onError(error);
      ctx.status = apiError.status;
      ctx.state.errorStatus = apiError.status;
      ctx.set(apiError.headers);
      ctx.state.xml = element(
        'ApiException',
        [],
        [leaf('Code', apiError.code), leaf('Message', apiError.message)],
      );
    }
  };
}
