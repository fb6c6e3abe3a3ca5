import type { Db } from 'mongodb';

import type { FeedConsumerConfig } from '../../src/config';
import type { Logger } from '../../src/logger';

/** What the change feed's activities touch. */
export interface FeedActivityDeps {
  readonly db: Db;
  readonly logger: Logger;
  /** The configured consumers (their URL and secret are read here, so neither enters workflow history). */
  readonly consumers: readonly FeedConsumerConfig[];
  /** Gives up on a consumer's answer after this long (default 10 s). */
  readonly deliveryTimeoutMs?: number;
  /** Most changes in one notification (default 100). */
  readonly batchSize?: number;
}
