/**
 * `arlo-sync doctor`: every moving part checked once, each a line saying what is wrong and how to fix it.
 * A part that cannot be reached makes the checks that need it "skipped", not failed twice.
 */
import type { Client } from '@temporalio/client';
import type { MongoClient } from 'mongodb';

import type { ArloClient } from '../arlo';
import { ConfigError, type Config, type PlatformConfig } from '../config';
import { arloClientFor } from '../onboarding/run-setup';
import { readAllocatedHint } from '../store/feed/feed-positions';
import { fail, ok, skipped, type CheckResult } from './check-result';
import { checkFeedDelivery, runningFeedConsumers } from './feed-checks';
import { checkIndexes, checkLastCallback, checkWatermark, connectStore } from './store-checks';
import { checkNamespace, checkSchedules, connectTemporal } from './temporal-checks';
import { checkEventIds } from './event-id-check';
import { checkReceiver } from './receiver-check';
import { checkWebhookEndpoint } from './webhook-check';

export interface DoctorOptions {
  /** A watermark that has not moved for longer is reported (a warning: the platform may just be idle). */
  readonly maxWatermarkAgeMs: number;
  readonly now?: () => Date;
  readonly arloClient?: (platform: PlatformConfig) => ArloClient;
}

export const DEFAULT_MAX_WATERMARK_AGE_MS = 24 * 60 * 60 * 1000;

export async function runDoctor(loadConfig: () => Config, options: DoctorOptions): Promise<CheckResult[]> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [
      fail('Configuration', error.problems.join('; '), 'see README.md "Configuration" or .env.example'),
    ];
  }
  const now = (options.now ?? (() => new Date()))();
  const results: CheckResult[] = [
    config.platforms.length === 0
      ? fail(
          'Configuration',
          'loads, but no Arlo platform is configured',
          'set ARLO_BASE_URL and its credentials (or ARLO_PLATFORMS_FILE)',
        )
      : ok('Configuration', `loads; platforms: ${config.platforms.map((p) => p.name).join(', ')}`),
  ];

  let temporal: Client | undefined;
  let mongo: MongoClient | undefined;
  try {
    const connected = await connectTemporal(config);
    temporal = connected.client;
    results.push(connected.result);
    results.push(
      temporal
        ? await checkNamespace(temporal, config.temporal.namespace)
        : skipped(`Temporal namespace ${config.temporal.namespace}`, 'Temporal unreachable'),
    );

    const store = await connectStore(config.mongo.uri, config.mongo.database);
    mongo = store.client;
    results.push(store.result);
    results.push(store.db ? await checkIndexes(store.db) : skipped('MongoDB indexes', 'MongoDB unreachable'));

    results.push(await checkReceiver(config.receiver));

    const arloClient = options.arloClient ?? arloClientFor(config);
    for (const platform of config.platforms) {
      results.push(
        temporal
          ? await checkSchedules(temporal, platform.name)
          : skipped(`Schedules of ${platform.name}`, 'Temporal unreachable'),
      );
      results.push(await checkWebhookEndpoint(arloClient(platform), platform, config.receiver));
      if (store.db) {
        results.push(await checkLastCallback(store.db, platform.name, now));
        results.push(await checkWatermark(store.db, platform.name, now, options.maxWatermarkAgeMs));
        results.push(await checkEventIds(store.db, arloClient(platform), platform));
      } else {
        results.push(skipped(`Callbacks and watermark of ${platform.name}`, 'MongoDB unreachable'));
      }
      const running = temporal ? await runningFeedConsumers(temporal, platform.name) : undefined;
      const consumers = new Set([...config.feed.consumers.map((c) => c.name), ...(running ?? [])]);
      const feedHead =
        consumers.size > 0 && store.db
          ? await readAllocatedHint(store.db, platform.name).catch(() => undefined)
          : undefined;
      for (const consumer of consumers) {
        results.push(
          temporal
            ? await checkFeedDelivery(temporal, consumer, platform.name, now, feedHead)
            : skipped(`Notifications to ${consumer} (${platform.name})`, 'Temporal unreachable'),
        );
      }
    }
  } finally {
    await Promise.allSettled([temporal?.connection.close(), mongo?.close()]);
  }
  return results;
}
