import { ManualClock } from '../../../src/simulator/clock';
import { DEFAULT_EVENT_ID_START, EventLog } from '../../../src/simulator/event-log';

describe('EventLog', () => {
  it('starts well above 2^31 by default and increases strictly by one', () => {
    const clock = new ManualClock();
    const log = new EventLog(clock);
    const ids = [1, 2, 3].map(() => log.append('Updated', 'Contact', '1', clock.nowTicks()).idValue);
    expect(DEFAULT_EVENT_ID_START).toBeGreaterThan(2n ** 31n);
    expect(ids).toEqual([DEFAULT_EVENT_ID_START, DEFAULT_EVENT_ID_START + 1n, DEFAULT_EVENT_ID_START + 2n]);
  });

  it('keeps IDs exact beyond 2^53, where a JS number would round', () => {
    const clock = new ManualClock();
    const log = new EventLog(clock, { startId: 2n ** 53n + 1n });
    const event = log.append('Created', 'Contact', '1', clock.nowTicks());
    expect(event.id).toBe('9007199254740993');
    expect(log.get(2n ** 53n + 1n)).toBe(event);
  });

  it('forgets events older than the retention period, and only those', () => {
    const clock = new ManualClock('2024-01-15T00:00:00.000Z');
    const log = new EventLog(clock, { startId: 1n });
    log.append('Created', 'Contact', '1', clock.nowTicks());
    clock.advance(2 * 86_400_000);
    log.append('Updated', 'Contact', '1', clock.nowTicks());
    clock.advance(3 * 86_400_000 + 1);
    expect(log.retained().map((e) => e.id)).toEqual(['2']);
    expect(log.get(1n)).toBeUndefined();
    expect(log.get(2n)?.type).toBe('Updated');
  });

  it('tells listeners about every appended event, in order', () => {
    const clock = new ManualClock();
    const log = new EventLog(clock, { startId: 10n });
    const heard: string[] = [];
    log.onAppend((e) => heard.push(`${e.id}:${e.resourceType}.${e.type}`));
    log.append('Created', 'Organisation', '5', clock.nowTicks());
    log.append('Deleted', 'Contact', '6', clock.nowTicks());
    expect(heard).toEqual(['10:Organisation.Created', '11:Contact.Deleted']);
  });
});
