/**
 * The typed client of the change feed, for the external system: `readChanges` asks `GET /changes` for the
 * changes after a cursor. Store `page.next` once a page is processed and ask with it next; after any
 * crash or restart, ask again with the last cursor stored: nothing is missed, and only the changes of the
 * page not yet stored come again.
 */
import type { FeedPage } from '../domain/change-feed';

export interface ReadChangesOptions {
  /** The receiver's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** A consumer token (CONSUMER_TOKENS). */
  readonly token: string;
  /** The last cursor processed; omit (or `'0'`) to read from the oldest change kept. */
  readonly after?: string;
  /** Most changes in the answer (1-1000, default 100). */
  readonly limit?: number;
  /** Only these resource types, e.g. `['Contact', 'Registration']`. */
  readonly types?: readonly string[];
  /** Required when the receiver serves several platforms. */
  readonly platform?: string;
  readonly signal?: AbortSignal;
}

/** The cursor is older than the feed keeps: re-read from a bulk snapshot, then continue at `headCursor`. */
export class FeedCursorExpiredError extends Error {
  constructor(
    message: string,
    readonly oldestCursor: string,
    readonly headCursor: string,
  ) {
    super(message);
    this.name = 'FeedCursorExpiredError';
  }
}

/** Any other refusal (401, 400 with its problems, 5xx): `status` and the receiver's explanation. */
export class FeedRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'FeedRequestError';
  }
}

export async function readChanges(options: ReadChangesOptions): Promise<FeedPage> {
  const url = new URL('/changes', options.baseUrl);
  if (options.after !== undefined) url.searchParams.set('after', options.after);
  if (options.limit !== undefined) url.searchParams.set('limit', String(options.limit));
  if (options.types && options.types.length > 0) url.searchParams.set('types', options.types.join(','));
  if (options.platform !== undefined) url.searchParams.set('platform', options.platform);
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const text = (key: string, fallback: string) => (typeof body[key] === 'string' ? body[key] : fallback);
  if (response.status === 410) {
    throw new FeedCursorExpiredError(
      text('message', 'cursor expired'),
      text('oldestCursor', ''),
      text('headCursor', ''),
    );
  }
  if (!response.ok) {
    const problems = Array.isArray(body.problems) ? body.problems.map(String) : [];
    const reason = [text('error', response.statusText), ...problems].join('; ');
    throw new FeedRequestError(
      response.status,
      `GET ${url.pathname} answered ${response.status}: ${reason}`,
      problems,
    );
  }
  return body as unknown as FeedPage;
}
