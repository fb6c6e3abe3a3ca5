import { ApplicationFailure } from '@temporalio/common';

import { createArloClientFactory, createArloPlatforms } from '../../../activities/arlo-clients';
import { loadConfig } from '../../../src/config';

describe('createArloClientFactory', () => {
  const config = loadConfig({
    ARLO_BASE_URL: 'https://acme.arlo.co/api/2012-02-01/auth/resources/',
    ARLO_USERNAME: 'api',
    ARLO_PASSWORD: 'pw',
  });

  it('gives every call for one platform the same client (one credentials cache per platform)', () => {
    const clients = createArloClientFactory(config);
    expect(clients('acme.arlo.co')).toBe(clients('acme.arlo.co'));
  });

  it('fails for good, naming what to configure, for a platform that is not configured', () => {
    const clients = createArloClientFactory(config);
    let thrown: unknown;
    try {
      clients('other.arlo.co');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect(thrown).toMatchObject({ type: 'UnknownArloPlatform', nonRetryable: true });
    expect((thrown as Error).message).toMatch(/other\.arlo\.co is not configured.*ARLO_PLATFORMS_FILE/);
  });
});

describe('createArloPlatforms', () => {
  const config = loadConfig({
    ARLO_BASE_URL: 'https://acme.arlo.co/api/2012-02-01/auth/resources/',
    ARLO_USERNAME: 'api',
    ARLO_PASSWORD: 'pw',
    ARLO_VENDOR_ID: 'acme-crm',
  });

  it('gives the pull and the push path one client per platform, with its IntegrationData vendor ID', () => {
    const platforms = createArloPlatforms(config);
    const platform = platforms('acme.arlo.co');
    expect(platform.vendorId).toBe('acme-crm');
    expect(platforms('acme.arlo.co').client).toBe(platform.client);
    expect(platform.client.baseUrl).toBe('https://acme.arlo.co/api/2012-02-01/auth/resources/');
  });

  it('fails for good for a platform that is not configured', () => {
    expect(() => createArloPlatforms(config)('other.arlo.co')).toThrow(/other\.arlo\.co is not configured/);
  });
});
