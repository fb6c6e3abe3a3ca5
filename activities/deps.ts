import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';

import type { Config } from '../src/config';
import type { BatchOutcomeHandoff } from '../src/domain/batch-outcome-handoff';
import type { RecordedEventOutcome } from '../src/domain/event-fetch';
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
  /**
   * Shared by the pull path's per-event and batch activities of one worker process: a batch whose
   * activity runs in the process that started it hands its outcomes over at once
   * (src/domain/batch-outcome-handoff.ts). Without it every batch's result comes by long poll.
   */
  readonly batchOutcomes?: BatchOutcomeHandoff<RecordedEventOutcome>;
}
