/**
 * The change feed for the external system: `GET /changes?after=<cursor>&limit=<n>&types=Contact,...`
 * (plus `platform=` when several are configured), with a consumer token (config.feed.consumerTokens;
 * push tokens are not accepted). Answers the changes after the cursor in feed order and the cursor to
 * ask with next; 410 when the cursor is older than the retention, 400 for a malformed or foreign cursor.
 * Mounted only when consumer tokens are configured, so without them the path is 404.
 */
import Router from '@koa/router';
import { z } from 'zod';

import { parseCursor, type FeedPage } from '../domain/change-feed';
import { isResourceType, RESOURCE_TYPES } from '../domain/resource-types';
import type { ReadFeedOptions } from '../store/feed/feed-reader';
import { FeedCursorExpiredError, FeedCursorUnknownError } from '../store/feed/feed-reader';
import type { AppMiddleware, AppState } from './app-state';
import { bearerTokenOf, createTokenMatcher } from './bearer-token';
import { RequestRejection } from './request-rejection';

export interface ChangesRouterOptions {
  readonly tokens: readonly string[];
  readonly platforms: readonly string[];
  /** readFeedPage of src/store/feed/feed-page.ts, bound to the receiver's database. */
  readonly read: (platform: string, options: ReadFeedOptions) => Promise<{ page: FeedPage }>;
}

const CHANGES_PATH = '/changes';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function requireConsumerToken(tokens: readonly string[]): AppMiddleware {
  const matches = createTokenMatcher(tokens);
  return async function requireConsumerTokenMiddleware(ctx, next) {
    if (!matches(bearerTokenOf(ctx.get('authorization')))) {
      throw new RequestRejection(401, 'a valid consumer token is required (Authorization: Bearer <token>)', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    await next();
  };
}

const single = (name: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .refine((v) => !Array.isArray(v), `give ${name} once`)
    .transform((v) => (Array.isArray(v) ? undefined : v));

const querySchema = z.object({
  after: single('after').refine(
    (v) => v === undefined || parseCursor(v) !== undefined,
    'must be a cursor from an earlier answer (a non-negative integer); omit it to read from the start',
  ),
  limit: single('limit').refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_LIMIT),
    `must be an integer from 1 to ${MAX_LIMIT}`,
  ),
  types: single('types').superRefine((v, ctx) => {
    const unknown = v === undefined ? [] : v.split(',').filter((type) => !isResourceType(type.trim()));
    if (unknown.length === 0) return;
    const named = unknown.map((type) => JSON.stringify(type.trim())).join(', ');
    ctx.addIssue({
      code: 'custom',
      message:
        `must be a comma-separated list of Arlo resource types, e.g. Contact,Registration; ${named} ` +
        `${unknown.length === 1 ? 'is not one' : 'are not'} (the types: ${Object.keys(RESOURCE_TYPES).join(', ')})`,
    });
  }),
  platform: single('platform'),
});

export function createChangesRouter(options: ChangesRouterOptions): Router<AppState> {
  const router = new Router<AppState>();
  router.get(CHANGES_PATH, requireConsumerToken(options.tokens), async function readChangesRoute(ctx) {
    const parsed = querySchema.safeParse(ctx.query);
    const problems = parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    const query = parsed.success ? parsed.data : undefined;
    const platform = query?.platform ?? (options.platforms.length === 1 ? options.platforms[0] : undefined);
    if (query && (platform === undefined || !options.platforms.includes(platform))) {
      problems.push(
        `platform: ${query.platform === undefined ? 'required when several are configured' : 'not configured here'}; one of ${options.platforms.join(', ')}`,
      );
    }
    if (!query || platform === undefined || problems.length > 0) {
      ctx.status = 400;
      ctx.body = { error: 'invalid change-feed request', problems, requestId: ctx.state.requestId };
      return;
    }
    try {
      const { page } = await options.read(platform, {
        after: parseCursor(query.after ?? '0') ?? 0,
        limit: query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit),
        ...(query.types ? { types: query.types.split(',').map((type) => type.trim()) } : {}),
      });
      ctx.body = page;
    } catch (error) {
      if (error instanceof FeedCursorExpiredError) {
        ctx.status = 410;
        ctx.body = {
          error: 'cursor expired',
          message: error.message,
          oldestCursor: String(error.oldestCursor),
          headCursor: String(error.head),
          requestId: ctx.state.requestId,
        };
        return;
      }
      if (error instanceof FeedCursorUnknownError) throw new RequestRejection(400, error.message);
      throw error;
    }
  });
  return router;
}
