/**
 * Arlo's platform-wide budget (api-notes.md): over N requests in the last 60 s (simulator clock), answer
 * 429 with `Retry-After` and the documented JSON body. Only admitted requests count against the window.
 */
import type { Middleware } from 'koa';

import { ticksToMilliseconds } from '../../clock';
import type { SimulatorCore } from '../../simulator-core';
import type { ApiState } from '../api-context';

const WINDOW_MS = 60_000;

export function rateLimitBody(retryAfterSeconds: number): string {
  return JSON.stringify({
    error: 'rate_limit_exceeded',
    message: `Too many requests: the platform allows a limited number of API requests per minute. Retry after ${retryAfterSeconds} seconds.`,
    retryAfter: retryAfterSeconds,
  });
}

export function rateLimit(core: SimulatorCore): Middleware<ApiState> {
  const admitted: number[] = [];
  return async function limitRate(ctx, next) {
    const limit = core.knobs.rateLimit;
    if (limit) {
      const now = ticksToMilliseconds(core.platform.clock.nowTicks());
      while (admitted.length > 0 && (admitted[0] ?? now) <= now - WINDOW_MS) admitted.shift();
      if (admitted.length >= limit.requestsPerMinute) {
        core.counters.recordRateLimited();
        ctx.status = 429;
        ctx.set('Retry-After', String(limit.retryAfterSeconds));
        ctx.type = 'application/json';
        ctx.body = rateLimitBody(limit.retryAfterSeconds);
        return;
      }
      admitted.push(now);
    }
    await next();
  };
}
