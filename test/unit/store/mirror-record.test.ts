/**
 * A mirror document holds its record as JSON text; documents written before hold it nested. Both read
 * the same, and a corrupt one says which document it is.
 */
import type { MirroredEntityDocument } from '../../../src/store/collections';
import { mirroredDocument } from '../../../src/store/entity-mirror';
import { mirrorRecordJson, readMirrored, recordOfMirrored } from '../../../src/store/mirror-record';
import { contactSevenMetadata, mirrorDocument } from '../../helpers/mirror-documents';

const record = {
  fields: { FirstName: 'Zoë', Notes: 'line one\nline "two"', Empty: '' },
  links: [
    { rel: 'self', href: 'https://p/api/2012-02-01/auth/resources/contacts/7/' },
    {
      rel: 'related',
      title: 'Employment',
      href: 'https://p/api/2012-02-01/auth/resources/contacts/7/employment/',
    },
  ],
  related: {
    Employment: {
      element: 'ContactEmployment',
      fields: { Position: ' Senior ' },
      links: [],
      related: {},
      nested: {},
    },
  },
  nested: {
    SourceContactInfo: [
      { element: 'SourceContactInfo', fields: { ContactID: '9' }, links: [], related: {}, nested: {} },
    ],
  },
};

const metadata = contactSevenMetadata;

describe("a mirror document's record", () => {
  it('is written as JSON text and read back exactly', () => {
    const written = mirroredDocument(
      'p',
      { resourceType: 'Contact', id: '7', lastModifiedDateTime: metadata.lastModifiedDateTime, ...record },
      { source: 'bulk' },
    );
    expect(typeof written.recordJson).toBe('string');
    expect(written).not.toHaveProperty('fields');
    expect(recordOfMirrored({ ...metadata, ...written })).toEqual(record);
  });

  it('leaves out an empty nested, as the change feed does', () => {
    const { nested: _nested, ...flat } = record;
    expect(JSON.parse(mirrorRecordJson({ ...flat, nested: {} }))).toEqual(flat);
  });

  it('is read from a document written before the text, whose parts are nested', () => {
    expect(recordOfMirrored(mirrorDocument(record, 'nested'))).toEqual(record);
    const tombstone: MirroredEntityDocument = {
      ...metadata,
      deleted: true,
      fields: {},
      links: [],
      related: {},
    };
    expect(recordOfMirrored(tombstone)).toEqual({ fields: {}, links: [], related: {} });
  });

  it('reads as the metadata and the record, without its stored form', () => {
    const read = readMirrored({ ...metadata, recordJson: mirrorRecordJson(record) });
    expect(read).toEqual({ ...metadata, ...record });
    expect(read).not.toHaveProperty('recordJson');
    expect(readMirrored({ ...metadata, ...record })).toEqual({ ...metadata, ...record });
  });

  it('refuses text that is not a record, naming the document', () => {
    expect(() => recordOfMirrored({ ...metadata, recordJson: '{"fields":' })).toThrow(
      /mirror document p:Contact:7 holds a record that is not JSON/,
    );
    expect(() => recordOfMirrored({ ...metadata, recordJson: '{"fields":{}}' })).toThrow(
      /mirror document p:Contact:7 holds a record without fields, links and related/,
    );
    expect(() => recordOfMirrored({ ...metadata, recordJson: 'null' })).toThrow(/without fields/);
  });
});
