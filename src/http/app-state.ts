/**
 * What the middleware of one request share through `ctx.state`. Each field is set by exactly one
 * middleware (named beside it); `requireState` reads a field a later middleware depends on.
 */
import type { Middleware, ParameterizedContext } from 'koa';

import type { Logger } from '../logger';
import type { WebhookPayload } from './webhook-payload';
import type { WebhookPlatform } from './webhook-platforms';

export interface AppState {
  /** request-context.ts: correlation ID, echoed as `X-Request-Id`. */
  requestId: string;
  /** request-context.ts: when the request arrived. */
  receivedAt: Date;
  /** request-context.ts: child logger carrying the correlation fields. */
  log: Logger;
  /** verify-platform.ts: the configured platform named by `X-Arlo-Platform`. */
  platform?: WebhookPlatform;
  /** read-raw-body.ts: the body exactly as received. */
  rawBody?: Buffer;
  /** parse-webhook-payload.ts: the validated callback. */
  payload?: WebhookPayload;
}

export type AppContext = ParameterizedContext<AppState>;
export type AppMiddleware = Middleware<AppState>;

export function requireState<K extends keyof AppState>(ctx: AppContext, key: K): NonNullable<AppState[K]> {
  const value = ctx.state[key];
  if (value === undefined || value === null) {
    // A wiring mistake in createApp, not a client error: surfaces as a 500 with the stack logged.
    throw new Error(`middleware order: ctx.state.${key} is not set yet`);
  }
  return value;
}
