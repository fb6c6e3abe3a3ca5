/**
 * The bulk cursor's queries in Arlo's filter syntax: millisecond literals only, the documented order.
 */
import { bulkFilter, bulkPageFrom, bulkPageRequest, datetimeLiteral } from '../../../src/arlo/bulk-query';
import { parseCollectionPage } from '../../../src/arlo/collections';
import { ArloMalformedResponseError } from '../../../src/arlo/errors';
import { parseXml } from '../../../src/arlo/xml-parser';
import { startBulkCursor } from '../../../src/domain/bulk-cursor';
import { arloFixture } from '../../helpers/arlo-fixtures';

describe('bulkPageRequest', () => {
  it('starts with the guide’s first-page query', () => {
    expect(bulkPageRequest(startBulkCursor('Contact'), 100)).toEqual({
      orderby: 'LastModifiedDateTime ASC,ContactID ASC',
      skip: 0,
      top: 100,
    });
  });

  it('continues from a millisecond, with the type’s own ID field', () => {
    expect(bulkPageRequest(startBulkCursor('Registration', { since: '2024-01-15T00:00:00Z' }), 250)).toEqual({
      filter: "LastModifiedDateTime ge datetime('2024-01-15T00:00:00.000Z')",
      orderby: 'LastModifiedDateTime ASC,RegistrationID ASC',
      skip: 0,
      top: 250,
    });
  });

  it('drains one millisecond by ID', () => {
    expect(
      bulkFilter('Organisation', {
        kind: 'drain',
        millisecond: '2013-07-16T23:57:12.943Z',
        nextMillisecond: '2013-07-16T23:57:12.944Z',
        afterId: '12095',
      }),
    ).toEqual({
      filter:
        "LastModifiedDateTime ge datetime('2013-07-16T23:57:12.943Z') AND LastModifiedDateTime lt datetime('2013-07-16T23:57:12.944Z') AND OrganisationID gt 12095",
      orderby: 'OrganisationID ASC',
    });
  });

  it('bounds a segment before its end millisecond', () => {
    const cursor = {
      phase: 'main',
      resourceType: 'Contact',
      from: '2024-01-15T00:00:00.000Z',
      until: '2024-02-01T00:00:00.000Z',
    } as const;
    expect(bulkPageRequest(cursor, 250)?.filter).toBe(
      "LastModifiedDateTime ge datetime('2024-01-15T00:00:00.000Z') AND LastModifiedDateTime lt datetime('2024-02-01T00:00:00.000Z')",
    );
  });

  it('is done when the cursor is', () => {
    expect(bulkPageRequest({ phase: 'done', resourceType: 'Contact' }, 100)).toBeUndefined();
  });

  it.each([0, 251, 2.5])('refuses page size %p', (size) => {
    expect(() => bulkPageRequest(startBulkCursor('Contact'), size)).toThrow(RangeError);
  });

  it('never writes a literal finer than a millisecond', () => {
    expect(() => datetimeLiteral('2013-07-16T23:57:12.9431234Z')).toThrow(RangeError);
  });
});

describe('bulkPageFrom', () => {
  it('hands the expanded items and the next link to the cursor', () => {
    const page = parseCollectionPage(parseXml(arloFixture('contacts-page.xml')), 'Contact');
    const bulk = bulkPageFrom(page, 2);
    expect(bulk.records.map((record) => record.id)).toEqual(['12', '12095']);
    expect(bulk).toMatchObject({ pageSize: 2, hasNextLink: true });
  });

  it('refuses a page whose items were not expanded (they would be skipped silently)', () => {
    const page = parseCollectionPage(
      parseXml('<Contacts><Link rel="r" title="Contact" href="https://x/contacts/3/"/></Contacts>'),
    );
    expect(() => bulkPageFrom(page, 100)).toThrow(ArloMalformedResponseError);
  });
});
