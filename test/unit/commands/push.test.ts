import { parseFieldArguments, pushCommand } from '../../../src/commands/push';
import { loadConfig } from '../../../src/config';

const config = loadConfig({
  ARLO_BASE_URL: 'https://demo.arlo.co/api/2012-02-01/auth/resources/',
  ARLO_USERNAME: 'api',
  ARLO_PASSWORD: 'secret',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  MONGODB_URI: 'mongodb://127.0.0.1:1/',
});

describe('arlo-sync push', () => {
  it('reads Name=Value pairs, keeping any further = in the value', () => {
    expect(parseFieldArguments(['FirstName=Sarah', 'Notes=a=b'])).toEqual({
      FirstName: 'Sarah',
      Notes: 'a=b',
    });
    expect(() => parseFieldArguments(['FirstName'])).toThrow(/write it as Name=Value/);
  });

  it('refuses an unknown kind and fields the external system does not own before contacting Temporal', async () => {
    await expect(pushCommand(config, 'event', { externalId: 'X', field: [] })).rejects.toThrow(
      /contact, organisation/,
    );
    await expect(
      pushCommand(config, 'contact', { externalId: 'HR-1', field: ['ContactID=5'] }),
    ).rejects.toThrow('Contact field ContactID is not owned by the external system');
  });
});
