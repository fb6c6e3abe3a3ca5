import { isMergeRequestType, readMergeParticipants } from '../../../src/domain/merge-request';

describe('readMergeParticipants', () => {
  it('reads the merged-away and surviving contact from the info elements', () => {
    expect(
      readMergeParticipants({
        resourceType: 'ContactMergeRequest',
        related: { SourceContactInfo: { ContactID: '12' }, DestinationContactInfo: { ContactID: '34' } },
      }),
    ).toEqual({ resourceType: 'Contact', sourceId: '12', survivorId: '34' });
  });

  it('also reads entity-shaped info elements, for organisations', () => {
    expect(
      readMergeParticipants({
        resourceType: 'OrganisationMergeRequest',
        related: {
          SourceOrganisationInfo: { fields: { OrganisationID: '5' } },
          DestinationOrganisationInfo: { fields: { OrganisationID: '6' } },
        },
      }),
    ).toEqual({ resourceType: 'Organisation', sourceId: '5', survivorId: '6' });
  });

  it('says what is missing instead of guessing', () => {
    expect(
      readMergeParticipants({
        resourceType: 'ContactMergeRequest',
        related: { SourceContactInfo: { ContactID: '' } },
      }),
    ).toEqual({
      error: 'ContactMergeRequest lacks SourceContactInfo/ContactID or DestinationContactInfo/ContactID',
    });
    expect(readMergeParticipants({ resourceType: 'Contact', related: {} })).toEqual({
      error: 'Contact is not a merge request',
    });
    expect(isMergeRequestType('toString')).toBe(false);
  });
});
