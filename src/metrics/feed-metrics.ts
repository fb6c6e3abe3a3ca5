/**
 * The change feed's metrics, on the worker's registry (worker-metrics.ts): notifications delivered or
 * failed per consumer, and how far each consumer is behind its platform's feed.
 */
import { Counter, Gauge } from 'prom-client';

import { workerRegistry } from './worker-metrics';

const deliveries = new Counter({
  name: 'arlo_sync_feed_notifications_total',
  help: 'Change-feed notifications sent to a consumer, by consumer, platform and outcome (delivered, failed).',
  labelNames: ['consumer', 'platform', 'outcome'],
  registers: [workerRegistry],
});

const changesDelivered = new Counter({
  name: 'arlo_sync_feed_changes_delivered_total',
  help: 'Changes the consumer acknowledged (2xx) in notifications, by consumer and platform.',
  labelNames: ['consumer', 'platform'],
  registers: [workerRegistry],
});

const lag = new Gauge({
  name: 'arlo_sync_feed_consumer_lag',
  help: 'Change-feed positions allocated after the last one a consumer acknowledged, by consumer and platform.',
  labelNames: ['consumer', 'platform'],
  registers: [workerRegistry],
});

export function recordNotification(
  consumer: string,
  platform: string,
  outcome: 'delivered' | 'failed',
  changes: number,
): void {
  deliveries.inc({ consumer, platform, outcome });
  if (outcome === 'delivered') changesDelivered.inc({ consumer, platform }, changes);
}

export function recordConsumerLag(consumer: string, platform: string, positions: number): void {
  lag.set({ consumer, platform }, positions);
}
