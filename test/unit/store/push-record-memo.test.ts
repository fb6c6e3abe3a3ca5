import { onceEachRecord, type PushRecordLookup } from '../../../src/store/push-record-memo';
import type { PushRecordDocument } from '../../../src/store/push-records';

describe('onceEachRecord', () => {
  it('reads each record once, however often and however concurrently it is asked', async () => {
    const reads: string[] = [];
    const record = { externalId: 'crm-1' } as PushRecordDocument;
    const read: PushRecordLookup = async (platform, type, id) => {
      reads.push(`${platform}/${type}/${id}`);
      await new Promise((resolve) => setImmediate(resolve));
      return id === '1' ? record : null;
    };
    const lookUp = onceEachRecord(read);

    const answers = await Promise.all([
      lookUp('p', 'Contact', '1'),
      lookUp('p', 'Contact', '1'),
      lookUp('p', 'Contact', '2'),
      lookUp('p', 'Organisation', '1'),
    ]);
    const again = await lookUp('p', 'Contact', '1');

    expect(answers).toEqual([record, record, null, record]);
    expect(again).toBe(record);
    expect(reads).toEqual(['p/Contact/1', 'p/Contact/2', 'p/Organisation/1']);
  });

  it('forgets a failed read, so the next ask reads again', async () => {
    let calls = 0;
    const lookUp = onceEachRecord(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('store unavailable')) : Promise.resolve(null);
    });

    await expect(lookUp('p', 'Contact', '1')).rejects.toThrow('store unavailable');
    await expect(lookUp('p', 'Contact', '1')).resolves.toBeNull();
    expect(calls).toBe(2);
  });
});
