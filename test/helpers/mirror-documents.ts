/**
 * A mirror document for the store's unit tests, in the form the mirror writes now (the record as JSON
 * text) or the form earlier versions wrote (the record's parts nested).
 */
import type { MirroredEntityDocument } from '../../src/store/collections';
import { mirrorRecordJson, type MirroredRecord } from '../../src/store/mirror-record';

/** Everything of a mirrored Contact 7 but its record. */
export const contactSevenMetadata = {
  _id: 'p:Contact:7',
  platform: 'p',
  resourceType: 'Contact',
  resourceId: '7',
  lastModifiedDateTime: '2026-12-05T07:00:00.0000000Z',
  lastModifiedSortable: '2026-12-05T07:00:00.0000000Z',
  deleted: false,
  source: 'bulk',
  syncedAt: new Date('2026-12-05T07:00:01Z'),
} satisfies Partial<MirroredEntityDocument>;

export function mirrorDocument(
  record: MirroredRecord,
  form: 'text' | 'nested',
  more: Partial<MirroredEntityDocument> = {},
): MirroredEntityDocument {
  const stored =
    form === 'text'
      ? { recordJson: mirrorRecordJson(record) }
      : {
          fields: { ...record.fields },
          links: [...record.links],
          related: { ...record.related },
          nested: { ...record.nested },
        };
  return { ...contactSevenMetadata, ...stored, ...more };
}
