import { timingSafeEqual } from 'node:crypto';

import type { Middleware } from 'koa';

import { ApiError } from '../../api-error';
import type { Credentials } from '../../simulator-core';
import type { ApiState } from '../api-context';

/** HTTP Basic, checked in constant time; 401 with a challenge otherwise. */
export function authenticate(credentials: Credentials): Middleware<ApiState> {
  const expected = Buffer.from(`${credentials.username}:${credentials.password}`);
  return async function checkCredentials(ctx, next) {
    const header = ctx.get('Authorization');
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const given = match?.[1] ? Buffer.from(match[1], 'base64') : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(
        401,
        'Unauthorized',
        header
          ? 'The credentials are not valid for this platform.'
          : 'Send HTTP Basic credentials of an API user.',
        { 'WWW-Authenticate': 'Basic realm="Arlo API"' },
      );
    }
    await next();
  };
}
