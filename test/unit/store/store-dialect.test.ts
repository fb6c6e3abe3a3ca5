import type { Db } from 'mongodb';

import { filtersBeyondIdScan } from '../../../src/store/store-dialect';

/** A Db whose server answers `buildInfo` with each of `answers` in turn (an Error is thrown). */
function dbAnswering(...answers: Array<Record<string, unknown> | Error>): { db: Db; asked: () => number } {
  let asked = 0;
  const command = jest.fn(() => {
    const answer = answers[Math.min(asked++, answers.length - 1)];
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  });
  return { db: { admin: () => ({ command }) } as unknown as Db, asked: () => asked };
}

describe('filtersBeyondIdScan', () => {
  it('is true for FerretDB, whose buildInfo carries ferretdbVersion', async () => {
    const { db } = dbAnswering({ version: '7.0.42', ferretdbVersion: 'v1.24.2', ok: 1 });
    expect(await filtersBeyondIdScan(db)).toBe(true);
  });

  it('is false for MongoDB', async () => {
    const { db } = dbAnswering({
      version: '7.0.14',
      gitVersion: 'ce59cfc6a3c5e5c067dca0d30697edd68d4f5188',
      ok: 1,
    });
    expect(await filtersBeyondIdScan(db)).toBe(false);
  });

  it('asks the server once per Db', async () => {
    const { db, asked } = dbAnswering({ version: '7.0.14', ok: 1 });
    await filtersBeyondIdScan(db);
    await filtersBeyondIdScan(db);
    expect(asked()).toBe(1);
  });

  it('asks again after a failed question instead of remembering the failure', async () => {
    const { db, asked } = dbAnswering(new Error('connection refused'), { ferretdbVersion: 'unknown', ok: 1 });
    await expect(filtersBeyondIdScan(db)).rejects.toThrow('connection refused');
    expect(await filtersBeyondIdScan(db)).toBe(true);
    expect(asked()).toBe(2);
  });
});
