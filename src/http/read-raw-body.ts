/**
 * Reads the request body byte-exact (the signature covers the raw bytes, so nothing may decode or
 * re-encode them first) within a size and a time limit: a declared Content-Length over the limit is
 * refused before reading; a chunked body is cut off as soon as it passes the limit; a body that has not
 * arrived within the time limit is answered 408. Each of these answers closes the connection
 * (close-unread-body.ts).
 */
import getRawBody from 'raw-body';

import type { AppContext, AppMiddleware } from './app-state';
import { SERVER_LIMITS } from './http-server';
import { CALLBACK_OUTCOMES } from './receiver-metrics';
import { RequestRejection } from './request-rejection';

export interface ReadBodyOptions {
  readonly limitBytes: number;
  /** Default: SERVER_LIMITS.bodyReadTimeoutMs. */
  readonly timeoutMs?: number;
}

function tooLarge(limitBytes: number, reason: string): RequestRejection {
  return new RequestRejection(413, `the body exceeds ${limitBytes} bytes`, {
    outcome: CALLBACK_OUTCOMES.tooLarge,
    reason,
  });
}

function hasType(error: unknown, type: string): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}

function translate(error: unknown, limitBytes: number): unknown {
  if (hasType(error, 'entity.too.large')) {
    return tooLarge(limitBytes, `body passed the limit of ${limitBytes} bytes while streaming`);
  }
  if (hasType(error, 'request.size.invalid') || hasType(error, 'request.aborted')) {
    return new RequestRejection(400, 'the body ended before its Content-Length', {
      reason: 'incomplete body (client aborted or Content-Length mismatch)',
    });
  }
  return error;
}

/** The body, whole, or a RequestRejection (413, 408, 400) saying what was wrong with it. */
export async function readBody(ctx: AppContext, options: ReadBodyOptions): Promise<Buffer> {
  const { limitBytes } = options;
  const timeoutMs = options.timeoutMs ?? SERVER_LIMITS.bodyReadTimeoutMs;
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limitBytes) {
    throw tooLarge(limitBytes, `Content-Length ${declared} is over the limit of ${limitBytes} bytes`);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new RequestRejection(408, `the body did not arrive within ${timeoutMs} ms`, {
          reason: `body incomplete after ${timeoutMs} ms (a slow client, or a Content-Length larger than the body)`,
        }),
      );
    }, timeoutMs);
  });
  try {
    // Left behind at the deadline, the read ends in an error once the connection closes; the race handles it.
    return await Promise.race([
      getRawBody(ctx.req, { limit: limitBytes, length: declared ?? null }),
      deadline,
    ]);
  } catch (error) {
    throw translate(error, limitBytes);
  } finally {
    clearTimeout(timer);
  }
}

export function readRawBody(options: ReadBodyOptions): AppMiddleware {
  return async function readRawBodyMiddleware(ctx, next) {
    ctx.state.rawBody = await readBody(ctx, options);
    await next();
  };
}
