import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';

import type { Config } from '../src/config';
import type { Logger } from '../src/logger';
import type { ArloClientFactory } from './arlo-port';

/** Everything activities touch, injected so tests can pass real servers and fake Arlo clients. */
export interface ActivityDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  /** Temporal client, for activities that start or signal workflows. */
  readonly client: Client;
  /** The Arlo client of a configured platform. */
  readonly arloClients: ArloClientFactory;
  /**
   * Aborted when the worker starts shutting down: an activity that waits on other workflows (the pull
   * path's batches, which need a worker that is stopping too) stops waiting so the worker can stop.
   */
  readonly shuttingDown?: AbortSignal;
}
