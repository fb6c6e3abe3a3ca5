/**
 * The bodies Arlo sends with errors. Both readers are lenient by design: an unreadable error body must
 * never hide the status that came with it, so they return undefined instead of throwing.
 * - XML `<ApiException><Code/><Message/></ApiException>` (inferred from Arlo's Moodle plugin; api-notes.md).
 * - The 429 JSON body `{"error":"rate_limit_exceeded","message":"...","retryAfter":60}`.
 */
import { z } from 'zod';

import type { ArloErrorDetail } from './errors';
import { parseXml } from './xml-parser';
import { childText } from './xml-tree';

/** Error details end up in messages and logs: keep them short and on one line. */
const MAX_DETAIL_CHARS = 300;

export function parseApiException(body: string): ArloErrorDetail | undefined {
  if (!body.includes('ApiException')) return undefined;
  try {
    const root = parseXml(body, { maxChars: 64 * 1024 });
    if (root.name !== 'ApiException') return undefined;
    const code = clean(childText(root, 'Code'));
    const message = clean(childText(root, 'Message'));
    return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
  } catch {
    return undefined;
  }
}

const rateLimitBody = z.object({
  error: z.string().optional(),
  message: z.string().optional(),
  retryAfter: z.coerce.number().nonnegative().optional(),
});

export interface RateLimitBody {
  readonly error?: string;
  readonly message?: string;
  /** Seconds. */
  readonly retryAfter?: number;
}

export function parseRateLimitBody(body: string): RateLimitBody | undefined {
  try {
    const result = rateLimitBody.safeParse(JSON.parse(body));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const oneLine = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL_CHARS ? `${oneLine.slice(0, MAX_DETAIL_CHARS)}…` : oneLine || undefined;
}
