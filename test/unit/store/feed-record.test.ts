import type { ChangedRecord } from '../../../src/domain/change-feed';
import type { MirroredEntityDocument } from '../../../src/store/collections';
import { changeFromMirror } from '../../../src/store/feed/feed-commit';
import { recordOfChange, type FeedChangeDocument } from '../../../src/store/feed/feed-documents';
import { mirrorDocument } from '../../helpers/mirror-documents';

const record = {
  fields: { FirstName: 'Zoë', Notes: 'line one\nline "two"' },
  links: [
    {
      rel: 'related',
      title: 'Employment',
      href: 'https://p/api/2012-02-01/auth/resources/contacts/7/employment/',
    },
  ],
  related: { Employment: { OrganisationId: '3' } },
};
const stamp = {
  createdDateTime: '2026-01-01T00:00:00.0000000Z',
  feed: { position: 12, operation: 'created', origin: 'bulk' },
} satisfies Partial<MirroredEntityDocument>;
const mirrored = mirrorDocument(record, 'text', stamp);

describe("a change's copy of the record", () => {
  it('is stored as JSON text and read back as the record the mirror held', () => {
    const change = changeFromMirror('p', mirrored);

    expect(typeof change.recordJson).toBe('string');
    expect(change.record).toBeUndefined();
    expect(recordOfChange(change)).toEqual({
      ...record,
      createdDateTime: stamp.createdDateTime,
      deleted: false,
    });
  });

  it('is the same whether the mirror document holds its record as text or nested, as earlier versions did', () => {
    // One commit time for both: the two calls may fall in different milliseconds.
    const now = new Date('2026-12-05T07:00:02Z');
    expect(changeFromMirror('p', mirrorDocument(record, 'nested', stamp), now)).toEqual(
      changeFromMirror('p', mirrored, now),
    );
  });

  it('is read from a change committed as a nested document, as earlier versions stored it', () => {
    const record: ChangedRecord = { fields: { FirstName: 'Ann' }, links: [], related: {}, deleted: false };
    const { recordJson: _json, ...older } = changeFromMirror('p', mirrored);

    expect(recordOfChange({ ...older, record })).toEqual(record);
  });

  it('is absent from a void, and a record that is not JSON names its position', () => {
    const base: FeedChangeDocument = {
      _id: 'p:000000000000012',
      platform: 'p',
      position: 12,
      kind: 'void',
      committedAt: new Date(),
    };

    expect(recordOfChange(base)).toBeUndefined();
    expect(() => recordOfChange({ ...base, kind: 'change', recordJson: '{"fields":' })).toThrow(
      /feed position p:000000000000012 holds a record that is not JSON/,
    );
  });
});
