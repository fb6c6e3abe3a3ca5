/**
 * GET /changes alone (real HTTP on 127.0.0.1, port 0), with the feed read replaced by a recorder:
 * authentication by consumer token, query validation with every problem named, 410 for an expired cursor
 * and 400 for a foreign one. The feed itself is tested in test/integration/store/change-feed.test.ts.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import Koa from 'koa';

import type { FeedPage } from '../../../src/domain/change-feed';
import type { AppState } from '../../../src/http/app-state';
import { createChangesRouter } from '../../../src/http/changes-router';
import { errorHandler } from '../../../src/http/error-handler';
import { requestContext } from '../../../src/http/request-context';
import { createLogger } from '../../../src/logger';
import {
  FeedCursorExpiredError,
  FeedCursorUnknownError,
  type ReadFeedOptions,
} from '../../../src/store/feed/feed-reader';

const TOKEN = 'a-consumer-token-of-enough-length';
const reads: Array<{ platform: string; options: ReadFeedOptions }> = [];
let answer: () => Promise<{ page: FeedPage }>;
let server: Server;
let base: string;

beforeAll(async () => {
  const app = new Koa<AppState>();
  app.use(requestContext({ logger: createLogger('silent'), quietPaths: [] }));
  app.use(errorHandler());
  const router = createChangesRouter({
    tokens: [TOKEN],
    platforms: ['demo.arlo.co', 'other.arlo.co'],
    read: (platform, options) => {
      reads.push({ platform, options });
      return answer();
    },
  });
  app.use(router.routes());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  reads.splice(0);
  answer = () => Promise.resolve({ page: { platform: 'demo.arlo.co', changes: [], next: '12' } });
});

const get = (query: string, token = TOKEN) =>
  fetch(`${base}/changes${query}`, { headers: { Authorization: `Bearer ${token}` } });

describe('GET /changes', () => {
  it('answers the page for a valid request, passing cursor, limit and types on', async () => {
    const response = await get('?platform=demo.arlo.co&after=10&limit=5&types=Contact,Registration');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ platform: 'demo.arlo.co', changes: [], next: '12' });
    expect(reads).toEqual([
      { platform: 'demo.arlo.co', options: { after: 10, limit: 5, types: ['Contact', 'Registration'] } },
    ]);
  });

  it('refuses a missing or wrong token with 401, before reading anything', async () => {
    expect((await get('?platform=demo.arlo.co', 'not-the-token-at-all-no')).status).toBe(401);
    expect((await fetch(`${base}/changes`)).status).toBe(401);
    expect(reads).toEqual([]);
  });

  it('names every problem of a bad query in one 400', async () => {
    const response = await get('?after=-1&limit=5000&types=Contact,Unicorn');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: string[] };
    expect(body.problems).toEqual([
      expect.stringMatching(/^after: must be a cursor from an earlier answer/),
      expect.stringMatching(/^limit: must be an integer from 1 to 1000/),
      expect.stringMatching(/^types: must be a comma-separated list of Arlo resource types/),
    ]);
    // The entries it does not know are named, with the ones it does (case matters, as in the answers).
    expect(body.problems[2]).toContain('"Unicorn" is not one (the types: Contact, Organisation,');
    const two = (await (await get('?types=contact,Order,')).json()) as { problems: string[] };
    expect(two.problems).toEqual([expect.stringContaining('"contact", "" are not (the types: Contact,')]);
    const noPlatform = (await (await get('?after=1')).json()) as { problems: string[] };
    expect(noPlatform.problems).toEqual([expect.stringMatching(/^platform: required when several/)]);
    expect(reads).toEqual([]);
  });

  it('answers 410 with the oldest and newest cursors when the cursor expired', async () => {
    answer = () => Promise.reject(new FeedCursorExpiredError(3, 250, 1250));
    const response = await get('?platform=demo.arlo.co&after=3');
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({
      error: 'cursor expired',
      message: expect.stringMatching(/re-read the records from a bulk snapshot/) as unknown,
      oldestCursor: '250',
      headCursor: '1250',
    });
  });

  it('answers 400 for a cursor this feed never issued', async () => {
    answer = () => Promise.reject(new FeedCursorUnknownError(99_999, 12));
    const response = await get('?platform=other.arlo.co&after=99999');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/not issued by this platform/);
  });
});
