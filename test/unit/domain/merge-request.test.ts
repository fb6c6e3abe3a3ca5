import { isMergeRequestType, readMergeParticipants } from '../../../src/domain/merge-request';

describe('readMergeParticipants', () => {
  const info = (element: string, fields: Record<string, string>) => [
    { element, fields, links: [], related: {}, nested: {} },
  ];

  it('reads the merged-away and surviving contact from the info elements', () => {
    expect(
      readMergeParticipants({
        resourceType: 'ContactMergeRequest',
        nested: {
          SourceContactInfo: info('SourceContactInfo', { ContactID: '12', UniqueIdentifier: 'x' }),
          DestinationContactInfo: info('DestinationContactInfo', { ContactID: '34' }),
        },
      }),
    ).toEqual({ resourceType: 'Contact', sourceId: '12', survivorId: '34' });
  });

  it('reads organisation merges the same way', () => {
    expect(
      readMergeParticipants({
        resourceType: 'OrganisationMergeRequest',
        nested: {
          SourceOrganisationInfo: info('SourceOrganisationInfo', { OrganisationID: '5' }),
          DestinationOrganisationInfo: info('DestinationOrganisationInfo', { OrganisationID: '6' }),
        },
      }),
    ).toEqual({ resourceType: 'Organisation', sourceId: '5', survivorId: '6' });
  });

  it('says what is missing instead of guessing', () => {
    expect(
      readMergeParticipants({
        resourceType: 'ContactMergeRequest',
        nested: {
          SourceContactInfo: info('SourceContactInfo', { ContactID: '' }),
          DestinationContactInfo: info('DestinationContactInfo', { ContactID: '34' }),
        },
      }),
    ).toEqual({
      error: 'ContactMergeRequest lacks SourceContactInfo/ContactID or DestinationContactInfo/ContactID',
    });
    expect(readMergeParticipants({ resourceType: 'Contact' })).toEqual({
      error: 'Contact is not a merge request',
    });
    expect(isMergeRequestType('toString')).toBe(false);
  });
});
