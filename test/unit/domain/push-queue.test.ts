import type { PushOutcome } from '../../../src/domain/push-messages';
import { coalesceWrites, PushQueue } from '../../../src/domain/push-queue';

const patched: PushOutcome = { outcome: 'patched', arloId: '7', fields: ['FirstName'] };

describe('PushQueue', () => {
  it('hands out everything waiting as one batch: dry runs apart from writes, both in arrival order', () => {
    const queue = new PushQueue();
    expect(queue.hasWaiting()).toBe(false);
    const a = queue.enqueue({ desired: { fields: { FirstName: 'A' } } });
    const dry = queue.enqueue({ desired: { fields: { FirstName: 'D' } }, dryRun: true });
    const b = queue.enqueue({ desired: { fields: { LastName: 'B' } } });
    expect(queue.hasWaiting()).toBe(true);
    const batch = queue.takeBatch();
    expect(batch.writes.map((q) => q.seq)).toEqual([a, b]);
    expect(batch.dryRuns.map((q) => q.seq)).toEqual([dry]);
    expect(batch.correcting).toBe(false);
    expect(queue.hasWaiting()).toBe(false);
    expect(queue.takeBatch()).toEqual({ dryRuns: [], writes: [], correcting: false });
  });

  it('says when a corrective push is among the writes', () => {
    const queue = new PushQueue();
    queue.enqueue({ desired: { fields: {} }, reason: 'corrective' });
    expect(queue.takeBatch().correcting).toBe(true);
    queue.enqueue({ desired: { fields: {} }, reason: 'corrective', dryRun: true });
    expect(queue.takeBatch().correcting).toBe(false);
  });

  it('answers each caller once, and forgets the answer once handed over', () => {
    const queue = new PushQueue();
    const first = queue.enqueue({ desired: { fields: {} } });
    const second = queue.enqueue({ desired: { fields: {} } });
    const { writes } = queue.takeBatch();
    expect(queue.isAnswered(first)).toBe(false);
    queue.answer(writes, patched);
    expect([queue.isAnswered(first), queue.isAnswered(second)]).toEqual([true, true]);
    expect(queue.takeAnswer(first)).toBe(patched);
    expect(queue.isAnswered(first)).toBe(false);
    expect(() => queue.takeAnswer(first)).toThrow('push 0 has no answer yet');
    expect(queue.takeAnswer(second)).toBe(patched);
  });

  it('numbers pushes in arrival order across batches', () => {
    const queue = new PushQueue();
    expect(queue.enqueue({ desired: { fields: {} } })).toBe(0);
    queue.takeBatch();
    expect(queue.enqueue({ desired: { fields: {} } })).toBe(1);
  });
});

describe('coalesceWrites', () => {
  const queued = (seq: number, request: Parameters<PushQueue['enqueue']>[0]) => ({ seq, request });

  it('merges the writes in arrival order, later values winning part by part, with the last deep link', () => {
    const coalesced = coalesceWrites([
      queued(0, { desired: { fields: { FirstName: 'A', LastName: 'L' } }, deepLink: 'https://hr/1' }),
      queued(1, { desired: { fields: { FirstName: 'B' }, postalAddress: { City: 'Wellington' } } }),
      queued(2, {
        desired: { fields: {}, employment: { position: 'Dev' } },
        deepLink: 'https://hr/2',
        reason: 'request',
      }),
      queued(3, { desired: { fields: {}, postalAddress: { PostCode: '6011' } } }),
    ]);
    expect(coalesced).toEqual({
      desired: {
        fields: { FirstName: 'B', LastName: 'L' },
        employment: { position: 'Dev' },
        postalAddress: { City: 'Wellington', PostCode: '6011' },
      },
      deepLink: 'https://hr/2',
    });
  });

  it('lays the writes over the values last pushed (a corrective batch), never beneath them', () => {
    const lastPushed = { fields: { FirstName: 'Anna', CodePrimary: 'HR-1' } };
    expect(
      coalesceWrites(
        [
          queued(0, { desired: { fields: {} }, reason: 'corrective' }),
          queued(1, { desired: { fields: { FirstName: 'Hanna' } } }),
        ],
        lastPushed,
      ),
    ).toEqual({ desired: { fields: { FirstName: 'Hanna', CodePrimary: 'HR-1' } } });
    expect(coalesceWrites([])).toEqual({ desired: { fields: {} } });
  });
});
