import { CallbackArrivals, isCallbackOfEvent } from '../../../src/domain/callback-arrivals';

describe('CallbackArrivals', () => {
  const arrivals = () => {
    const clock = { now: 1_000 };
    return { subject: new CallbackArrivals(() => clock.now), clock };
  };

  it('knows a callback has all its events once each has arrived, counting a repeated event once', () => {
    const { subject } = arrivals();
    const callback = { id: 'req-1', events: 2 };
    subject.note('7', callback);
    subject.note('7', callback);
    expect(subject.allArrived(callback)).toBe(false);
    subject.note('8', callback);
    expect(subject.allArrived(callback)).toBe(true);
  });

  it('says no for a callback it never saw, or for none at all', () => {
    const { subject } = arrivals();
    expect(subject.allArrived({ id: 'req-unknown', events: 1 })).toBe(false);
    expect(subject.allArrived(undefined)).toBe(false);
  });

  it('ignores what is not a callback (a hand-started workflow may carry anything)', () => {
    const { subject } = arrivals();
    for (const bad of [{ id: '', events: 1 }, { id: 'x', events: 0 }, { id: 'x', events: 1.5 }, { id: 3 }]) {
      subject.note('1', bad as never);
      expect(subject.allArrived(bad as never)).toBe(false);
    }
    expect(subject.size).toBe(0);
  });

  it('forgets a callback a minute after its first event', () => {
    const { subject, clock } = arrivals();
    subject.note('1', { id: 'req-1', events: 2 });
    clock.now += 59_999;
    expect(subject.size).toBe(1);
    clock.now += 1;
    expect(subject.size).toBe(0);
    subject.note('2', { id: 'req-1', events: 2 });
    expect(subject.allArrived({ id: 'req-1', events: 2 })).toBe(false);
  });

  it('validates the shape the receiver sends', () => {
    expect(isCallbackOfEvent({ id: 'req-1', events: 10 })).toBe(true);
    expect(isCallbackOfEvent(null)).toBe(false);
    expect(isCallbackOfEvent({ id: 'req-1' })).toBe(false);
  });
});
