/**
 * The API-side fault knobs, applied before authentication as an overloaded or flaky platform would:
 * latency, dropped connections, 5xx answers, bursts of 429, and a planned fault on one endpoint.
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { Middleware } from 'koa';

import { ApiError } from '../../api-error';
import type { SimulatorCore } from '../../simulator-core';
import type { ApiState } from '../api-context';
import { rateLimitBody } from './rate-limit';

const SERVER_ERRORS = [500, 502, 503] as const;

export function injectFaults(core: SimulatorCore): Middleware<ApiState> {
  return async function injectFault(ctx, next) {
    const knobs = core.knobs;
    const { min, max } = knobs.latencyMs;
    if (max > 0) await delay(min + core.faults.next() * (max - min));
    if (core.faults.chance(knobs.dropConnectionRate)) {
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    if (knobs.burst429 > 0) {
      core.setKnobs({ burst429: knobs.burst429 - 1 });
      const retryAfter = knobs.rateLimit?.retryAfterSeconds ?? 60;
      ctx.status = 429;
      ctx.set('Retry-After', String(retryAfter));
      ctx.type = 'application/json';
      ctx.body = rateLimitBody(retryAfter);
      return;
    }
    const planned = knobs.faultNext;
    if (planned !== null && planned.endpoint === `${ctx.method} ${ctx.state.route}`) {
      core.setKnobs({
        faultNext: planned.remaining > 1 ? { ...planned, remaining: planned.remaining - 1 } : null,
      });
      if (planned.kind === 'server-error') {
        throw new ApiError(
          503,
          'ServerError',
          'A simulated server error (faultNext knob); retry the request.',
        );
      }
      await next();
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    if (core.faults.chance(knobs.serverErrorRate)) {
      const status = core.faults.pick(SERVER_ERRORS);
      throw new ApiError(
        status,
        'ServerError',
        'A simulated server error (serverErrorRate knob); retry the request.',
      );
    }
    await next();
  };
}
