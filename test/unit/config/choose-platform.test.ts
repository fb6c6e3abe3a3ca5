import { chooseConfiguredPlatform, PlatformChoiceError, type PlatformConfig } from '../../../src/config';

const platform = (name: string) => ({ name }) as PlatformConfig;
const acme = platform('acme.arlo.co');
const demo = platform('demo.arlo.co');

describe('chooseConfiguredPlatform', () => {
  it('takes the only platform configured when none is named', () => {
    expect(chooseConfiguredPlatform([acme], undefined)).toBe(acme);
  });

  it('takes the named one, in any case (a host name)', () => {
    expect(chooseConfiguredPlatform([acme, demo], 'Demo.Arlo.Co')).toBe(demo);
  });

  it('with none configured, says what to set, and how to use the demo platform of `npm start`', () => {
    expect(() => chooseConfiguredPlatform([], undefined)).toThrow(PlatformChoiceError);
    expect(() => chooseConfiguredPlatform([], 'acme.arlo.co')).toThrow(
      /^no Arlo platform is configured: set ARLO_BASE_URL .* ARLO_PLATFORMS_FILE; or run `npm start` in this checkout .*: commands then use its demo platform$/,
    );
  });

  it('with several configured and none named, asks for --platform and lists them', () => {
    expect(() => chooseConfiguredPlatform([acme, demo], undefined)).toThrow(
      '2 platforms are configured: choose one with --platform (acme.arlo.co, demo.arlo.co)',
    );
  });

  it('refuses a name that is not configured, listing those that are', () => {
    expect(() => chooseConfiguredPlatform([acme], 'evil.arlo.co')).toThrow(
      '--platform evil.arlo.co is not configured; configured: acme.arlo.co',
    );
  });
});
