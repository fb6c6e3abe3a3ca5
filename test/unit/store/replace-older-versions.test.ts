/**
 * `replaceOlderVersions` (src/store/entity-mirror.ts) writes a batch's replaced versions in one
 * `bulkWrite`, which answers how many writes matched and not which. When fewer matched, the records are
 * read again and a write counts as landed only where the record carries its feed position. The recording
 * Db stands in for the server; its `bulkWrite` is replaced here by one that, as MongoDB's conditional
 * filter would, skips the write whose record a newer writer holds.
 */
import type { MirroredEntityDocument } from '../../../src/store/collections';
import { entityKey } from '../../../src/store/collections';
import { replaceOlderVersions } from '../../../src/store/entity-mirror';
import { recordingDb, sequence, type StoredDocument } from '../../helpers/recording-db';

const PLATFORM = 'replace.arlo.test';

function mirrored(id: string, sortable: string, position: number): MirroredEntityDocument {
  return {
    _id: entityKey(PLATFORM, 'Contact', id),
    platform: PLATFORM,
    resourceType: 'Contact',
    resourceId: id,
    lastModifiedDateTime: sortable,
    lastModifiedSortable: sortable,
    recordJson: '{}',
    deleted: false,
    source: 'webhook',
    feed: { position, operation: 'updated', origin: 'arlo-edit' },
    syncedAt: new Date('2026-12-06T10:00:00Z'),
  };
}

/** Contact a held older (position 1); contact b already replaced by another writer's newer version (7). */
const held = [
  mirrored('a', '2026-12-06T09:00:00.0000000Z', 1),
  mirrored('b', '2026-12-06T09:30:00.0000000Z', 7),
];
const ours = [
  mirrored('a', '2026-12-06T09:10:00.0000000Z', 5),
  mirrored('b', '2026-12-06T09:10:00.0000000Z', 6),
];

function storeWithNewerWriter() {
  const fake = recordingDb('mongodb', { entities: held as unknown as StoredDocument[] });
  const entities = fake.db.collection('entities') as unknown as Record<string, unknown>;
  const recorded = entities.bulkWrite as (operations: unknown[], options?: unknown) => Promise<unknown>;
  // The server's condition: only a record still older than the write (here: contact b is not).
  entities.bulkWrite = (operations: { updateOne: { filter: { _id: string } } }[], options?: unknown) =>
    recorded(
      operations.filter((op) => op.updateOne.filter._id !== entityKey(PLATFORM, 'Contact', 'b')),
      options,
    );
  return fake;
}

describe('replaceOlderVersions', () => {
  it('sends one bulkWrite and reads nothing again when every write matched', async () => {
    const fake = recordingDb('mongodb', { entities: held as unknown as StoredDocument[] });
    expect(await replaceOlderVersions(fake.db, [ours[0] as MirroredEntityDocument])).toEqual(new Set());
    expect(sequence(fake.calls)).toEqual(['entities.bulkWrite']);
  });

  it('names the write that lost by the feed position its record carries after the write', async () => {
    const fake = storeWithNewerWriter();
    expect(await replaceOlderVersions(fake.db, ours)).toEqual(new Set([1]));
    expect(sequence(fake.calls)).toEqual(['entities.bulkWrite', 'entities.find']);
    const positions = fake.documents('entities').map((d) => (d.feed as { position: number }).position);
    expect(positions).toEqual([5, 7]);
  });

  it('writes nothing for an empty batch', async () => {
    const fake = recordingDb('ferretdb');
    expect(await replaceOlderVersions(fake.db, [])).toEqual(new Set());
    expect(fake.calls).toEqual([]);
  });
});
