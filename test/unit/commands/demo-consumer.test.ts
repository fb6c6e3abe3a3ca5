import { randomBytes } from 'node:crypto';

import { demoConsumer } from '../../../src/commands/demo-consumer';
import { loadConfig } from '../../../src/config';

const secret = `whsec_${randomBytes(32).toString('base64')}`;

describe('what `up` prints of the change feed', () => {
  it('makes a consumer token for the run when none is configured, and prints it with a curl line', () => {
    const { env, lines } = demoConsumer(loadConfig({}), 'http://127.0.0.1:3000');
    expect(env.CONSUMER_TOKENS).toMatch(/^demo-consumer-[0-9a-f]{24}$/);
    expect(lines).toEqual([
      `  Change feed        GET http://127.0.0.1:3000/changes  (demo consumer token ${env.CONSUMER_TOKENS})`,
      `                     curl -H 'Authorization: Bearer ${env.CONSUMER_TOKENS}' 'http://127.0.0.1:3000/changes?limit=5'`,
    ]);
  });

  it('names where signed notifications go, and makes no token beside configured ones', () => {
    const config = loadConfig({
      CONSUMER_TOKENS: 'crm-reader-token-0123456789',
      CONSUMER_NAME: 'crm',
      CONSUMER_WEBHOOK_URL: 'https://crm.example/arlo-changes',
      CONSUMER_WEBHOOK_SECRET: secret,
    });
    const { env, lines } = demoConsumer(config, 'http://127.0.0.1:3000');
    expect(env).toEqual({});
    expect(lines).toEqual([
      '  Change feed        GET http://127.0.0.1:3000/changes  (tokens from CONSUMER_TOKENS)',
      '  Notifications      signed POSTs to https://crm.example/arlo-changes (consumer crm)',
    ]);
  });
});
