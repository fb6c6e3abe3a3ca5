import { countsFromMetrics, describeSummary, sumMetric } from '../../../src/devstack/stack-summary';

const worker = `# HELP arlo_sync_mirror_writes_total Events applied
# TYPE arlo_sync_mirror_writes_total counter
arlo_sync_mirror_writes_total{platform="demo.arlo.co",resource_type="Contact",outcome="updated"} 30
arlo_sync_mirror_writes_total{platform="demo.arlo.co",resource_type="Order",outcome="inserted"} 12
arlo_sync_mirror_writes_total_created 5
`;
const receiver = `arlo_sync_webhook_events_total{outcome="started"} 40
arlo_sync_webhook_events_total{outcome="already_known"} 3
arlo_sync_pushes_total{outcome="patched",resource_type="Contact"} 2
`;

describe('the stack summary', () => {
  it('sums a metric over its samples, only the matching labels, and no other metric sharing its prefix', () => {
    expect(sumMetric(worker, 'arlo_sync_mirror_writes_total')).toBe(42);
    expect(sumMetric(receiver, 'arlo_sync_webhook_events_total', { outcome: 'started' })).toBe(40);
    expect(sumMetric('', 'arlo_sync_pushes_total')).toBe(0);
  });

  it('says what happened since the last line, and never a negative count after a restart', () => {
    const before = countsFromMetrics(worker, receiver, 0);
    const after = { eventsSynced: 62, eventsReceived: 61, pushes: 3, walksRunning: 1 };
    expect(describeSummary(before, after, 10)).toBe(
      'last 10 s: 21 events received, 20 synced to the mirror, 1 push, 1 bulk walk running (since start: 62 synced, 3 pushes)',
    );
    const restarted = { eventsSynced: 5, eventsReceived: 5, pushes: 0, walksRunning: undefined };
    expect(describeSummary(after, restarted, 10)).toMatch(
      /^last 10 s: 0 events received, 0 synced to the mirror, 0 pushes \(/,
    );
  });
});
