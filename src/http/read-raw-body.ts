/**
 * Reads the request body byte-exact (the signature covers the raw bytes, so nothing may decode or
 * re-encode them first) with a size limit: a declared Content-Length over the limit is refused before
 * reading; a chunked body is cut off as soon as it passes the limit.
 */
import getRawBody from 'raw-body';

import type { AppMiddleware } from './app-state';
import { CALLBACK_OUTCOMES } from './receiver-metrics';
import { RequestRejection } from './request-rejection';

export interface ReadRawBodyOptions {
  readonly limitBytes: number;
}

function tooLarge(limitBytes: number, reason: string): RequestRejection {
  return new RequestRejection(413, `the body exceeds ${limitBytes} bytes`, {
    outcome: CALLBACK_OUTCOMES.tooLarge,
    reason,
    // Do not read the rest of an oversized body just to keep the connection alive.
    headers: { Connection: 'close' },
  });
}

function hasType(error: unknown, type: string): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}

export function readRawBody(options: ReadRawBodyOptions): AppMiddleware {
  const { limitBytes } = options;
  return async function readRawBodyMiddleware(ctx, next) {
    const declared = ctx.request.length;
    if (declared !== undefined && declared > limitBytes) {
      throw tooLarge(limitBytes, `Content-Length ${declared} is over the limit of ${limitBytes} bytes`);
    }
    try {
      ctx.state.rawBody = await getRawBody(ctx.req, { limit: limitBytes, length: declared ?? null });
    } catch (error) {
      if (hasType(error, 'entity.too.large')) {
        throw tooLarge(limitBytes, `body passed the limit of ${limitBytes} bytes while streaming`);
      }
      if (hasType(error, 'request.size.invalid') || hasType(error, 'request.aborted')) {
        throw new RequestRejection(400, 'the body ended before its Content-Length', {
          reason: 'incomplete body (client aborted or Content-Length mismatch)',
        });
      }
      throw error;
    }
    await next();
  };
}
