import type { Db } from 'mongodb';

import { callbackReceiptRecorder } from '../../../src/store/callback-receipts';

/** Just enough of a Db to see the writes the recorder makes. */
function recordingDb(fail = false) {
  const writes: { platform: unknown; at: unknown }[] = [];
  const db = {
    collection: () => ({
      updateOne: (filter: { _id: unknown }, update: { $max: { lastAcceptedAt: unknown } }) => {
        writes.push({ platform: filter._id, at: update.$max.lastAcceptedAt });
        return fail ? Promise.reject(new Error('store down')) : Promise.resolve({});
      },
    }),
  } as unknown as Db;
  return { db, writes };
}

describe('callbackReceiptRecorder', () => {
  it('writes at most once per interval per platform, keeping the latest time with $max', () => {
    const { db, writes } = recordingDb();
    const record = callbackReceiptRecorder(db, () => undefined, 1_000);
    const t0 = new Date('2026-01-01T00:00:00Z');
    record('a.arlo.co', t0);
    record('a.arlo.co', new Date(t0.getTime() + 500)); // within the interval: skipped
    record('b.arlo.co', new Date(t0.getTime() + 500)); // another platform: written
    record('a.arlo.co', new Date(t0.getTime() + 1_000));
    expect(writes.map((w) => [w.platform, (w.at as Date).getTime() - t0.getTime()])).toEqual([
      ['a.arlo.co', 0],
      ['b.arlo.co', 500],
      ['a.arlo.co', 1_000],
    ]);
  });

  it('reports a failed write instead of throwing into the request', async () => {
    const { db } = recordingDb(true);
    const errors: unknown[] = [];
    const record = callbackReceiptRecorder(db, (error) => errors.push(error));
    expect(() => record('a.arlo.co', new Date())).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([new Error('store down')]);
  });
});
