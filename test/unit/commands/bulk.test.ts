import { InvalidArgumentError } from 'commander';

import { describeProgress, resourceTypes, sinceArgument } from '../../../src/commands/bulk';
import { startBulkCursor } from '../../../src/domain/bulk-cursor';
import { initialBulkProgress } from '../../../src/domain/bulk-walk';

describe('bulk command arguments', () => {
  it('takes one resource type in any case, or all of them', () => {
    expect(resourceTypes('contact')).toEqual(['Contact']);
    expect(resourceTypes('Order')).toEqual(['Order']);
    expect(resourceTypes('all')).toEqual(['Contact', 'Organisation', 'Registration', 'Event', 'Order']);
  });

  it('refuses an unknown type and says which ones exist', () => {
    expect(() => resourceTypes('Lead')).toThrow(InvalidArgumentError);
    expect(() => resourceTypes('Lead')).toThrow(/Contact, Organisation, Registration, Event, Order or all/);
  });

  it('takes a UTC timestamp for --since and refuses anything else', () => {
    expect(sinceArgument('2024-01-15T00:00:00Z')).toBe('2024-01-15T00:00:00Z');
    expect(() => sinceArgument('yesterday')).toThrow(/UTC time such as/);
    expect(() => sinceArgument('2024-01-15T00:00:00+02:00')).toThrow(InvalidArgumentError);
  });
});

describe('describeProgress', () => {
  it('shows status, pages, records, rate, repaired count and the cursor position', () => {
    const started = new Date('2024-01-15T08:00:00.000Z');
    const progress = {
      ...initialBulkProgress(
        { platform: 'p', resourceType: 'Contact', mode: 'bulk', pageSize: 250, arloTaskQueue: 'q' },
        startBulkCursor('Contact'),
        started,
      ),
      pages: 4,
      cursor: { phase: 'main', resourceType: 'Contact', from: '2023-05-01T00:00:00.000Z' } as const,
      counters: { received: 1000, alreadyReturned: 0, inserted: 1000, updated: 0, notNewer: 0 },
    };
    const line = describeProgress(progress, new Date(started.getTime() + 10_000));
    expect(line).toBe(
      'Contact: running | 4 pages | 1000 records | 100/s | repaired 0 | at 2023-05-01T00:00:00.000Z | started 2024-01-15T08:00:00.000Z',
    );
  });
});
