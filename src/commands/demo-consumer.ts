/**
 * The change feed in `arlo-sync up`: with no CONSUMER_TOKENS set, a random consumer token is made for
 * this run (like the push token), given to the receiver and printed, so the feed can be read at once
 * (README, "The change feed"). With tokens configured nothing is made, and the line only says where the
 * feed is. Each configured consumer's notification URL is printed too.
 */
import { randomBytes } from 'node:crypto';

import type { Config } from '../config';

export interface DemoConsumer {
  /** Environment for the receiver. */
  readonly env: Record<string, string>;
  /** What `up` prints. */
  readonly lines: string[];
}

export function demoConsumer(config: Config, receiverUrl: string): DemoConsumer {
  const feedUrl = `${receiverUrl}/changes`;
  // Where the worker sends signed notifications, so a mistyped CONSUMER_WEBHOOK_URL shows at start.
  const notifications = config.feed.consumers.map(
    ({ name, url }) => `  Notifications      signed POSTs to ${url} (consumer ${name})`,
  );
  if (config.feed.consumerTokens.length > 0) {
    return {
      env: {},
      lines: [`  Change feed        GET ${feedUrl}  (tokens from CONSUMER_TOKENS)`, ...notifications],
    };
  }
  const token = `demo-consumer-${randomBytes(12).toString('hex')}`;
  return {
    env: { CONSUMER_TOKENS: token },
    lines: [
      `  Change feed        GET ${feedUrl}  (demo consumer token ${token})`,
      `                     curl -H 'Authorization: Bearer ${token}' '${feedUrl}?limit=5'`,
      ...notifications,
    ],
  };
}
