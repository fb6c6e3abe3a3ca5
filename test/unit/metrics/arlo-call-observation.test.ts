/** The endpoint label of Arlo calls: the path under the base URL, IDs replaced, query dropped. */
import { arloEndpointLabel } from '../../../src/metrics/arlo-call-observation';

const BASE = 'https://demo.arlo.co/api/2012-02-01/auth/resources/';

describe('arloEndpointLabel', () => {
  it.each([
    [`${BASE}contacts/12/`, 'contacts/:id/'],
    [`${BASE}contacts/3861799011/customfields/?expand=x`, 'contacts/:id/customfields/'],
    [
      `${BASE}organisationmergerequests/f1d7b698-3c22-45df-9740-066f3594daa0/`,
      'organisationmergerequests/:id/',
    ],
    [`${BASE}platformevents/query/?ids=108,109&expand=PlatformEvent`, 'platformevents/query/'],
    [`${BASE}contacts/?top=100&filter=LastModifiedDateTime%20gt%20x`, 'contacts/'],
    [`${BASE}contacts/12/integrationdata/arlo-sync/`, 'contacts/:id/integrationdata/:id/'],
    [BASE, '/'],
    ['https://login.example.org/oauth2/token', '(other)/token'],
    ['https://evil.example/api/2012-02-01/auth/resources/contacts/1/', '(other)/:id'],
    ['not a url', '(invalid)'],
  ])('%s → %s', (url, label) => {
    expect(arloEndpointLabel(url, BASE)).toBe(label);
  });
});
