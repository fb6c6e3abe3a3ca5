/** The change feed's configuration: consumer tokens, retention, and the consumers' webhooks. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig } from '../../../src/config';
import { configProblems } from '../../helpers/config-problems';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const dir = mkdtempSync(path.join(tmpdir(), 'config-feed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('change feed configuration', () => {
  it('defaults to no endpoint, no notifications and 7 days of retention', () => {
    expect(loadConfig({}).feed).toEqual({
      consumerTokens: [],
      retentionDays: 7,
      consumers: [],
      deliveryTimeoutMs: 10_000,
      batchSize: 100,
    });
  });

  it('reads consumer tokens and one consumer webhook', () => {
    const config = loadConfig({
      CONSUMER_TOKENS: 'first-consumer-token-123,second-consumer-token-45',
      FEED_RETENTION_DAYS: '14',
      CONSUMER_NAME: 'crm',
      CONSUMER_WEBHOOK_URL: 'https://crm.example/arlo',
      CONSUMER_WEBHOOK_SECRET: SECRET,
    });
    expect(config.feed.consumerTokens).toHaveLength(2);
    expect(config.feed.retentionDays).toBe(14);
    expect(config.feed.consumers).toEqual([{ name: 'crm', url: 'https://crm.example/arlo', secret: SECRET }]);
  });

  it('reads several consumers from CONSUMER_WEBHOOKS_FILE', () => {
    const file = path.join(dir, 'consumers.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'crm', url: 'https://crm.example/arlo', secret: SECRET },
        { name: 'erp', url: 'http://127.0.0.1:9000/hook', secret: SECRET },
      ]),
    );
    expect(loadConfig({ CONSUMER_WEBHOOKS_FILE: file }).feed.consumers.map((c) => c.name)).toEqual([
      'crm',
      'erp',
    ]);
  });

  it('names each bad variable without showing a secret', () => {
    const problems = configProblems({
      CONSUMER_TOKENS: 'short',
      FEED_RETENTION_DAYS: '0',
      CONSUMER_WEBHOOK_URL: 'http://crm.example/arlo',
      CONSUMER_WEBHOOK_SECRET: 'whsec_dG9vLXNob3J0', // "too-short": 9 bytes
    });
    expect(problems).toEqual([
      'CONSUMER_TOKENS=(value hidden): every token must be at least 16 characters',
      expect.stringMatching(/^FEED_RETENTION_DAYS="0": /),
      'CONSUMER_WEBHOOK_URL="http://crm.example/arlo": must use https:// (plain http:// only for a loopback address)',
      expect.stringMatching(
        /^CONSUMER_WEBHOOK_SECRET=\(value hidden\): must encode 24-64 random bytes; make one with: /,
      ),
    ]);
    expect(problems.join('\n')).not.toContain('dG9vLXNob3J0');
  });

  it('refuses a consumers file next to CONSUMER_WEBHOOK_URL, and duplicate names', () => {
    const file = path.join(dir, 'twice.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'crm', url: 'https://crm.example/a', secret: SECRET },
        { name: 'crm', url: 'https://crm.example/b', secret: SECRET },
      ]),
    );
    expect(
      configProblems({ CONSUMER_WEBHOOKS_FILE: file, CONSUMER_WEBHOOK_URL: 'https://crm.example/arlo' }),
    ).toEqual(['CONSUMER_WEBHOOKS_FILE and CONSUMER_WEBHOOK_URL/SECRET are both set: keep one']);
    expect(configProblems({ CONSUMER_WEBHOOKS_FILE: file })).toEqual([
      "CONSUMER_WEBHOOKS_FILE: the consumers' names must be unique",
    ]);
  });

  it('asks for the other half of an incomplete webhook', () => {
    expect(configProblems({ CONSUMER_WEBHOOK_URL: 'https://crm.example/arlo' })).toEqual([
      'CONSUMER_WEBHOOK_SECRET: not set; notifications need both CONSUMER_WEBHOOK_URL and CONSUMER_WEBHOOK_SECRET',
    ]);
  });
});
