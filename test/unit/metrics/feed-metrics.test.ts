/** The change feed's metrics land on the worker's registry, labelled by consumer and platform. */
import { recordConsumerLag, recordNotification } from '../../../src/metrics/feed-metrics';
import { workerRegistry } from '../../../src/metrics/worker-metrics';

describe('change feed metrics', () => {
  it('counts notifications by outcome, changes delivered, and the consumer lag', async () => {
    recordNotification('crm', 'demo.arlo.co', 'delivered', 7);
    recordNotification('crm', 'demo.arlo.co', 'failed', 7);
    recordNotification('crm', 'demo.arlo.co', 'delivered', 3);
    recordConsumerLag('crm', 'demo.arlo.co', 42);
    const text = await workerRegistry.metrics();
    expect(text).toContain(
      'arlo_sync_feed_notifications_total{consumer="crm",platform="demo.arlo.co",outcome="delivered"} 2',
    );
    expect(text).toContain(
      'arlo_sync_feed_notifications_total{consumer="crm",platform="demo.arlo.co",outcome="failed"} 1',
    );
    expect(text).toContain(
      'arlo_sync_feed_changes_delivered_total{consumer="crm",platform="demo.arlo.co"} 10',
    );
    expect(text).toContain('arlo_sync_feed_consumer_lag{consumer="crm",platform="demo.arlo.co"} 42');
  });
});
