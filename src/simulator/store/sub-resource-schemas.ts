/** Sub-resource element names and fields (the Addresses and ContactEmployment pages of the Arlo docs). */
export const SUB_RESOURCE_SCHEMAS = {
  Employment: {
    element: 'ContactEmployment',
    fields: [
      'Position',
      'Department',
      'Branch',
      'BusinessRegion',
      'BusinessLocation',
      'BusinessArea',
      'EmploymentStatus',
    ],
  },
  PostalAddress: {
    element: 'Address',
    fields: [
      'StreetLine1',
      'StreetLine2',
      'StreetLine3',
      'StreetLine4',
      'SuburbOrRegion',
      'City',
      'StateOrProvince',
      'PostCode',
      'Country',
    ],
  },
} as const;

/** IntegrationData keys in the order they render; vendors may add further string-valued keys after them. */
export const INTEGRATION_DATA_KEYS = ['VendorID', 'SuppressIntegration', 'Uri', 'ID'] as const;
