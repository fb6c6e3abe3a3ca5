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
  it('shows a full load with its pages, records, rate, what it added to the mirror and the cursor position', () => {
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
      'Contact: full load running | 4 pages | 1000 records | 100/s | 1000 new, 0 updated in the mirror | at 2023-05-01T00:00:00.000Z | started 2024-01-15T08:00:00.000Z',
    );
    expect(line).not.toMatch(/repaired/);
  });

  it("calls only a changed-since walk's inserts and updates repairs: records the webhooks missed", () => {
    const started = new Date('2024-01-15T08:00:00.000Z');
    const since = '2024-01-14T08:00:00.000Z';
    const progress = {
      ...initialBulkProgress(
        {
          platform: 'p',
          resourceType: 'Contact',
          mode: 'reconcile',
          since,
          pageSize: 250,
          arloTaskQueue: 'q',
        },
        startBulkCursor('Contact', { since }),
        started,
      ),
      pages: 1,
      cursor: { phase: 'main', resourceType: 'Contact', from: '2024-01-14T20:00:00.000Z' } as const,
      counters: { received: 40, alreadyReturned: 0, inserted: 2, updated: 1, notNewer: 37 },
      repairedCount: 3,
    };
    const line = describeProgress(progress, new Date(started.getTime() + 10_000));
    expect(line).toMatch(/^Contact: changes since 2024-01-14T08:00:00.000Z running \| 50 % \|/);
    expect(line).toContain('3 repaired (missed by webhooks)');
    expect(line).toMatch(/ETA 2024-01-15T08:00:20.000Z$/);
  });
});
