/**
 * The batch's own work (activities/fetch-mirror-and-record-events.ts), called as the batch workflow
 * calls it: the ledger is read once for the batch and answers what it holds without asking Arlo, the
 * rest are fetched with one query and recorded with the run that waits for each, and the watermark is
 * raised once, to the batch's highest event ID. Real MongoDB-protocol store, a fake Arlo that counts
 * queries.
 */
import { MockActivityEnvironment } from '@temporalio/testing';

import { createArloActivities } from '../../activities';
import type { FetchMirrorAndRecordEventsInput } from '../../activities/fetch-mirror-and-record-events';
import type { BatchedEvent, RecordedEventOutcome } from '../../src/domain/event-fetch';
import { createLogger } from '../../src/logger';
import { collections, entityKey } from '../../src/store/collections';
import { connectMongo, type StoreCommand } from '../../src/store/mongo';
import { recordOwnWrite } from '../../src/store/push-records';
import { readWatermark } from '../../src/store/watermarks';
import {
  BIG_EVENT_ID_BASE,
  FakePlatformEvents,
  contact,
  updatedEvent,
} from '../helpers/fake-platform-events';
import { openPullTestStack, type PullTestStack } from '../helpers/pull-test-env';
import { testConfig, uniqueName } from '../helpers/test-stack';

let stack: PullTestStack;
beforeAll(async () => (stack = await openPullTestStack()));
afterAll(async () => stack.close());

function batchActivity(arlo: FakePlatformEvents, db = stack.mongo.db) {
  const config = testConfig();
  const { fetchMirrorAndRecordEvents } = createArloActivities({
    config,
    db,
    logger: createLogger('silent', 'batch-test'),
    client: stack.client,
    arloClients: () => arlo,
  });
  const platform = `${uniqueName('batch')}.arlo.test`;
  return {
    platform,
    run: (events: BatchedEvent[]) =>
      new MockActivityEnvironment().run<
        [FetchMirrorAndRecordEventsInput],
        RecordedEventOutcome[],
        typeof fetchMirrorAndRecordEvents
      >(fetchMirrorAndRecordEvents, { platform, events }),
  };
}

/** A second connection to the test database whose every command is recorded. */
async function countedStore() {
  const commands: StoreCommand[] = [];
  const counted = await connectMongo(testConfig().mongo.uri as string, stack.mongo.db.databaseName, {
    onCommand: (command) => commands.push(command),
  });
  return { counted, commands };
}

const batched = (eventId: string, resourceId: string, run: string): BatchedEvent => ({
  eventId,
  type: 'Contact.Updated',
  resourceType: 'Contact',
  resourceId,
  run,
});

describe('fetchMirrorAndRecordEvents', () => {
  it('records every event of the batch with its run, and raises the watermark to the highest ID', async () => {
    // 64-bit IDs beyond 2^53, in an order where neither the first nor the last is the highest.
    const high = String(BIG_EVENT_ID_BASE + 50n);
    const arlo = new FakePlatformEvents()
      .add(updatedEvent('800', contact('80', '2024-05-01T10:00:00Z')))
      .add(updatedEvent(high, contact('81', '2024-05-01T10:00:00Z')))
      .add(updatedEvent('9000', contact('82', '2024-05-01T10:00:00Z')));
    const batch = batchActivity(arlo);

    const outcomes = await batch.run([
      batched('800', '80', 'run-a'),
      batched(high, '81', 'run-b'),
      batched('9000', '82', 'run-c'),
    ]);

    expect(outcomes).toEqual([
      { eventId: '800', status: 'recorded', outcome: 'inserted' },
      { eventId: high, status: 'recorded', outcome: 'inserted' },
      { eventId: '9000', status: 'recorded', outcome: 'inserted' },
    ]);
    expect(arlo.queries).toEqual([['800', high, '9000']]);
    const rows = await collections(stack.mongo.db)
      .processedEvents.find({ platform: batch.platform }, { sort: { eventIdSortable: 1 } })
      .toArray();
    expect(rows.map((row) => [row.eventId, row.outcome, row.recordedByRun])).toEqual([
      ['800', 'inserted', 'run-a'],
      ['9000', 'inserted', 'run-c'],
      [high, 'inserted', 'run-b'],
    ]);
    expect((await readWatermark(stack.mongo.db, batch.platform))?.eventId).toBe(high);
  });

  it('answers from the ledger what it holds, without asking Arlo: its outcome to the run that recorded it, "duplicate" to any other', async () => {
    const arlo = new FakePlatformEvents()
      .add(updatedEvent('700', contact('70', '2024-05-01T10:00:00Z')))
      .add(updatedEvent('701', contact('71', '2024-05-01T10:00:00Z')));
    const batch = batchActivity(arlo);
    await batch.run([batched('700', '70', 'run-1')]);

    const rerun = await batch.run([batched('700', '70', 'run-1')]);
    const redelivered = await batch.run([batched('700', '70', 'run-2')]);
    const mixed = await batch.run([batched('700', '70', 'run-3'), batched('701', '71', 'run-4')]);

    expect(rerun).toEqual([{ eventId: '700', status: 'recorded', outcome: 'inserted' }]);
    expect(redelivered).toEqual([{ eventId: '700', status: 'recorded', outcome: 'duplicate' }]);
    expect(mixed).toEqual([
      { eventId: '700', status: 'recorded', outcome: 'duplicate' },
      { eventId: '701', status: 'recorded', outcome: 'inserted' },
    ]);
    // The first batch's query, then only 701's: the batches of held events sent none.
    expect(arlo.queries).toEqual([['700'], ['701']]);
  });

  it('does not look a first try up in the ledger first, and still answers one the ledger holds (Temporal forgot its run)', async () => {
    const { counted, commands } = await countedStore();
    try {
      const arlo = new FakePlatformEvents()
        .add(updatedEvent('750', contact('75', '2024-05-01T10:00:00Z')))
        .add(updatedEvent('751', contact('76', '2024-05-01T10:00:00Z')));
      const batch = batchActivity(arlo, counted.db);
      await batch.run([batched('750', '75', 'run-1')]);
      const ledgerReads = () =>
        commands.filter((c) => c.name === 'find' && c.collection === 'processed_events').length;
      const readsBefore = ledgerReads();

      const outcomes = await batch.run([
        { ...batched('750', '75', 'run-2'), firstTry: true },
        { ...batched('751', '76', 'run-3'), firstTry: true },
      ]);

      expect(outcomes).toEqual([
        { eventId: '750', status: 'recorded', outcome: 'duplicate' },
        { eventId: '751', status: 'recorded', outcome: 'inserted' },
      ]);
      // No read before the query; the one read is the ledger's answer for 750, whose insert was refused.
      expect(ledgerReads() - readsBefore).toBe(1);
      expect(arlo.queries).toEqual([['750'], ['750', '751']]);
    } finally {
      await counted.close();
    }
  });

  it('answers a first try the ledger holds from the ledger even when its fetch fails today', async () => {
    const arlo = new FakePlatformEvents().add(updatedEvent('770', contact('77', '2024-05-01T10:00:00Z')));
    const batch = batchActivity(arlo);
    await batch.run([batched('770', '77', 'run-1')]);
    arlo.add(updatedEvent('770', contact('77', 'not a timestamp')));

    const outcomes = await batch.run([{ ...batched('770', '77', 'run-2'), firstTry: true }]);

    expect(outcomes).toEqual([{ eventId: '770', status: 'recorded', outcome: 'duplicate' }]);
  });

  it("reads each record's mirror version and push record once, and still tells our push's echo from a user's edit", async () => {
    const { counted, commands } = await countedStore();
    try {
      const arlo = new FakePlatformEvents()
        .add(updatedEvent('900', contact('90', '2024-05-01T10:00:00Z')))
        .add(updatedEvent('901', contact('91', '2024-05-01T10:00:00Z')));
      const batch = batchActivity(arlo, counted.db);
      // Contact 90 is the record arlo-sync pushed: its version 10:00 is our own write's echo.
      await recordOwnWrite(
        stack.mongo.db,
        { platform: batch.platform, resourceType: 'Contact', externalId: 'crm-90' },
        {
          arloId: '90',
          lastModifiedDateTime: '2024-05-01T10:00:00Z',
          pushed: { fields: { FirstName: 'First90' } },
        },
      );

      const outcomes = await batch.run([batched('900', '90', 'run-e'), batched('901', '91', 'run-f')]);

      expect(outcomes.map((o) => [o.eventId, o.status === 'recorded' && o.outcome])).toEqual([
        ['900', 'inserted'],
        ['901', 'inserted'],
      ]);
      const finds = (collection: string) =>
        commands.filter((c) => c.name === 'find' && c.collection === collection).length;
      // The mirror: one read for the batch's newest-wins decision (a lookup by _id per record on FerretDB,
      // one $in on MongoDB), none after the write. The push pointers: one per record, shared by the change
      // feed's origin and the owned-field check; the push record only for the record that has one.
      expect(finds('entities')).toBeLessThanOrEqual(2);
      expect(finds('push_record_arlo_ids')).toBe(2);
      expect(finds('push_records')).toBe(1);
      const origins = await collections(stack.mongo.db)
        .entities.find(
          { _id: { $in: ['90', '91'].map((id) => entityKey(batch.platform, 'Contact', id)) } },
          { sort: { resourceId: 1 } },
        )
        .toArray();
      expect(origins.map((e) => [e.resourceId, e.feed?.origin])).toEqual([
        ['90', 'push-echo'],
        ['91', 'arlo-edit'],
      ]);
    } finally {
      await counted.close();
    }
  });

  it('leaves an event it could not mirror out of the ledger, and records the rest', async () => {
    const arlo = new FakePlatformEvents()
      .add(updatedEvent('600', contact('60', 'not a timestamp')))
      .add(updatedEvent('601', contact('61', '2024-05-01T10:00:00Z')));
    const batch = batchActivity(arlo);

    const outcomes = await batch.run([batched('600', '60', 'run-x'), batched('601', '61', 'run-y')]);

    expect(outcomes[0]).toMatchObject({ eventId: '600', status: 'failed', failureType: 'MalformedEntity' });
    expect(outcomes[1]).toEqual({ eventId: '601', status: 'recorded', outcome: 'inserted' });
    const rows = await collections(stack.mongo.db)
      .processedEvents.find({ platform: batch.platform })
      .toArray();
    expect(rows.map((row) => row.eventId)).toEqual(['601']);
    expect((await readWatermark(stack.mongo.db, batch.platform))?.eventId).toBe('601');
  });

  it('refuses a batch with the same event twice, saying so', async () => {
    const batch = batchActivity(new FakePlatformEvents());
    await expect(batch.run([batched('500', '50', 'run-1'), batched('500', '50', 'run-1')])).rejects.toThrow(
      /1-250 distinct canonical event IDs; got 2/,
    );
  });
});
