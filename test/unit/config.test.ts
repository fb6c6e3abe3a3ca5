import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ConfigError, loadConfig } from '../../src/config';
import { VARIABLES } from '../../src/config/variables';
import { configProblems } from '../helpers/config-problems';

/** Temporary folders of these tests, removed when they are done. */
const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.temporal.address).toBeUndefined();
    expect(config.mongo.uri).toBeUndefined();
    expect(config.platforms).toEqual([]);
    expect(config.receiver).toMatchObject({ port: 3000, webhookPath: '/webhooks/arlo', maxBodyBytes: 65536 });
    expect(config.arlo.requestsPerMinute).toBe(300);
    expect(Object.isFrozen(config.temporal)).toBe(true);
  });

  it('reports every bad variable at once, one line each, naming the variable', () => {
    const problems = configProblems({
      RECEIVER_PORT: '99999',
      LOG_LEVEL: 'loud',
      MONGODB_URI: 'postgres://x',
      TEMPORAL_ADDRESS: 'not an address',
      ARLO_PAGE_SIZE: '500',
    });
    expect(problems).toHaveLength(5);
    for (const name of ['RECEIVER_PORT', 'LOG_LEVEL', 'MONGODB_URI', 'TEMPORAL_ADDRESS', 'ARLO_PAGE_SIZE']) {
      expect(problems.some((p) => p.startsWith(`${name}=`))).toBe(true);
    }
  });

  it('builds one platform from ARLO_* variables, deriving its name from the base URL', () => {
    const config = loadConfig({
      ARLO_BASE_URL: 'https://acme.arlo.co/api/2012-02-01/auth/resources',
      ARLO_USERNAME: 'api',
      ARLO_PASSWORD: 'pw',
      ARLO_WEBHOOK_KEYS: 'elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx, c2Vjb25kLWtleQ==',
    });
    expect(config.platforms).toEqual([
      {
        name: 'acme.arlo.co',
        baseUrl: 'https://acme.arlo.co/api/2012-02-01/auth/resources/',
        credentials: { kind: 'basic', username: 'api', password: 'pw' },
        webhookKeys: ['elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx', 'c2Vjb25kLWtleQ=='],
        vendorId: 'arlo-sync',
      },
    ]);
  });

  it('refuses plain http for a non-loopback Arlo and missing credentials, without echoing secrets', () => {
    const insecure = configProblems({
      ARLO_BASE_URL: 'http://acme.arlo.co/api/',
      ARLO_USERNAME: 'u',
      ARLO_PASSWORD: 'hunter2-secret',
    });
    expect(insecure).toEqual([
      expect.stringMatching(/^ARLO_BASE_URL="http:\/\/acme.arlo.co\/api\/": must use https/),
    ]);
    const noUser = configProblems({
      ARLO_BASE_URL: 'https://acme.arlo.co/api/',
      ARLO_PASSWORD: 'hunter2-secret',
    });
    expect(noUser).toEqual([expect.stringMatching(/username and password/)]);
    expect([...insecure, ...noUser].join('\n')).not.toContain('hunter2-secret');
    expect(
      loadConfig({ ARLO_BASE_URL: 'http://127.0.0.1:4010/api/', ARLO_USERNAME: 'u', ARLO_PASSWORD: 'p' })
        .platforms,
    ).toHaveLength(1);
  });

  it('refuses a user name or password inside an Arlo URL, pointing at the variables for them', () => {
    const base = { ARLO_USERNAME: 'u', ARLO_PASSWORD: 'p' };
    expect(configProblems({ ...base, ARLO_BASE_URL: 'https://api:pw-in-url@acme.arlo.co/api/' })).toEqual([
      expect.stringMatching(
        /^ARLO_BASE_URL="https:\/\/<credentials>@acme\.arlo\.co\/api\/": must not contain a user name or password: set ARLO_USERNAME and ARLO_PASSWORD/,
      ),
    ]);
    const oauth = configProblems({
      ARLO_BASE_URL: 'https://acme.arlo.co/api/',
      ARLO_OAUTH_TOKEN_URL: 'https://client:pw-in-url@login.acme.example/token',
      ARLO_OAUTH_CLIENT_ID: 'client',
      ARLO_OAUTH_CLIENT_SECRET: 'secret',
    });
    expect(oauth.join('\n')).toMatch(
      /^ARLO_OAUTH_TOKEN_URL=.*: must not contain a user name or password: set ARLO_OAUTH_CLIENT_ID and ARLO_OAUTH_CLIENT_SECRET/m,
    );
    const dir = tempDir('arlo-sync-config-');
    const file = path.join(dir, 'platforms.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'a.arlo.co', baseUrl: 'https://u:pw-in-url@a.arlo.co/api/', username: 'u', password: 'p' },
      ]),
    );
    expect(configProblems({ ARLO_PLATFORMS_FILE: file })).toEqual([
      expect.stringMatching(
        /^ARLO_PLATFORMS_FILE 0\.baseUrl: must not contain a user name or password: use the entry's username/,
      ),
    ]);
    expect([...oauth, ...configProblems({ ARLO_PLATFORMS_FILE: file })].join('\n')).not.toContain(
      'pw-in-url',
    );
  });

  it('keeps a password inside a URI out of every validation message, valid URI or not', () => {
    const password = 'Uri-Pw-31q';
    const uris = [
      `mongodb://app:${password}@db:27017/?replicaSet=rs0`,
      `mongodb://app:${password}@x@db:27017/`,
      `mongodb://app:${password}%ZZ@db/`,
      `mongodb+srv://app:${password}@cluster.example.net:27017/`,
      `https://api:${password}@acme.arlo.co/api/`,
      `http://api:${password}@acme.arlo.co/api/`,
      `ftp://api:${password}@acme.arlo.co/`,
      `api:${password}@temporal:7233`,
      `mongodb://app:${password}\n@db/`,
    ];
    const names = Object.keys(VARIABLES).filter(
      (name) => !('temporalEnvConfig' in VARIABLES[name as keyof typeof VARIABLES]),
    );
    const dataDir = tempDir('arlo-sync-uri-');
    let messages = 0;
    for (const uri of uris) {
      for (const name of names) {
        try {
          loadConfig({ ARLO_SYNC_DATA_DIR: dataDir, [name]: uri });
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          messages += 1;
          expect({ name, uri, message: error.message }).not.toEqual(
            expect.objectContaining({ message: expect.stringContaining(password) }),
          );
        }
      }
    }
    // Most variables refuse these values, so the messages above were really produced and searched.
    expect(messages).toBeGreaterThan(uris.length * (names.length / 2));
  });

  it('rejects more than two webhook keys and non-Base64 keys', () => {
    const base = { ARLO_BASE_URL: 'https://a.arlo.co/api/', ARLO_USERNAME: 'u', ARLO_PASSWORD: 'p' };
    expect(configProblems({ ...base, ARLO_WEBHOOK_KEYS: 'YQ==,Yg==,Yw==' }).join()).toMatch(
      /at most two keys/,
    );
    expect(configProblems({ ...base, ARLO_WEBHOOK_KEYS: 'not base64!' }).join()).toMatch(/Base64/);
  });

  it('reads secrets from NAME_FILE and refuses both forms at once', () => {
    const dir = tempDir('arlo-sync-config-');
    const file = path.join(dir, 'password');
    writeFileSync(file, 'from-file\n');
    const env = { ARLO_BASE_URL: 'https://a.arlo.co/api/', ARLO_USERNAME: 'u', ARLO_PASSWORD_FILE: file };
    expect(loadConfig(env).platforms[0]?.credentials).toEqual({
      kind: 'basic',
      username: 'u',
      password: 'from-file',
    });
    expect(configProblems({ ...env, ARLO_PASSWORD: 'x' }).join()).toMatch(/both set/);
    expect(configProblems({ ...env, ARLO_PASSWORD_FILE: path.join(dir, 'missing') }).join()).toMatch(
      /cannot read it \(ENOENT\)/,
    );
  });

  it('reads several platforms from ARLO_PLATFORMS_FILE and reports the failing entry', () => {
    const dir = tempDir('arlo-sync-config-');
    const file = path.join(dir, 'platforms.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          name: 'a.arlo.co',
          baseUrl: 'https://a.arlo.co/api/',
          username: 'u',
          password: 'p',
          webhookKeys: ['YQ=='],
        },
        { name: 'b.arlo.co', baseUrl: 'https://b.arlo.co/api/' },
      ]),
    );
    expect(configProblems({ ARLO_PLATFORMS_FILE: file }).join()).toMatch(
      /ARLO_PLATFORMS_FILE 1: .*username and password/,
    );
  });

  describe('webhook key files (where `arlo-sync setup` stores the key)', () => {
    const dir = tempDir('arlo-sync-keys-');
    const platformEnv = {
      ARLO_SYNC_DATA_DIR: dir,
      ARLO_BASE_URL: 'https://acme.arlo.co/api/2012-02-01/auth/resources/',
      ARLO_USERNAME: 'api',
      ARLO_PASSWORD: 'secret',
    };
    const defaultFile = path.join(dir, 'secrets', 'acme.arlo.co.webhook-key');

    it('reads <data dir>/secrets/<platform>.webhook-key when no key variable is set', () => {
      const before = loadConfig(platformEnv).platforms[0];
      expect(before).toMatchObject({ webhookKeys: [], webhookKeyFile: defaultFile });
      mkdirSync(path.dirname(defaultFile), { recursive: true });
      writeFileSync(defaultFile, 'YQ==\n');
      expect(loadConfig(platformEnv).platforms[0]?.webhookKeys).toEqual(['YQ==']);
    });

    it('treats a key file that does not exist yet as no keys, and names it', () => {
      const file = path.join(dir, 'not-yet.key');
      expect(loadConfig({ ...platformEnv, ARLO_WEBHOOK_KEYS_FILE: file }).platforms[0]).toMatchObject({
        webhookKeys: [],
        webhookKeyFile: file,
      });
    });

    it('keeps keys given directly in ARLO_WEBHOOK_KEYS out of any file', () => {
      const platform = loadConfig({ ...platformEnv, ARLO_WEBHOOK_KEYS: 'Yg==' }).platforms[0];
      expect(platform?.webhookKeys).toEqual(['Yg==']);
      expect(platform?.webhookKeyFile).toBeUndefined();
    });

    it('gives each ARLO_PLATFORMS_FILE entry without webhookKeys its own key file', () => {
      const file = path.join(dir, 'platforms.json');
      writeFileSync(
        file,
        JSON.stringify([
          { name: 'acme.arlo.co', baseUrl: 'https://acme.arlo.co/api/', username: 'u', password: 'p' },
        ]),
      );
      expect(loadConfig({ ARLO_SYNC_DATA_DIR: dir, ARLO_PLATFORMS_FILE: file }).platforms[0]).toMatchObject({
        name: 'acme.arlo.co',
        webhookKeys: ['YQ=='],
        webhookKeyFile: defaultFile,
      });
    });
  });

  it('treats an explicit TEMPORAL_ADDRESS and MONGODB_URI as the servers to use', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0',
    });
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.mongo.uri).toBe('mongodb://db:27017/?replicaSet=rs0');
  });

  it('defaults the pull path to 2.5 callbacks per query and validates its tuning variables', () => {
    expect(loadConfig({}).pull).toEqual({
      eventQueryBatchSize: 25,
      eventBatchWindowMs: 150,
      eventBatchIntervalMs: 750,
      outcomeSearchAttribute: true,
      catchUpIntervalMinutes: 15,
      fetchBatcherWindowSeconds: 60,
    });
    expect(
      loadConfig({ ARLO_EVENT_QUERY_BATCH_SIZE: '50', ARLO_CATCH_UP_INTERVAL_MINUTES: '5' }).pull,
    ).toMatchObject({ eventQueryBatchSize: 50, catchUpIntervalMinutes: 5 });
    const problems = configProblems({
      ARLO_EVENT_QUERY_BATCH_SIZE: '251',
      ARLO_EVENT_BATCH_WINDOW_MS: '-1',
      ARLO_EVENT_BATCH_INTERVAL_MS: '60001',
      ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE: 'yes',
      ARLO_CATCH_UP_INTERVAL_MINUTES: '0',
      ARLO_FETCH_BATCHER_WINDOW_SECONDS: '5',
    });
    expect(problems.map((p) => p.split('=')[0])).toEqual([
      'ARLO_EVENT_QUERY_BATCH_SIZE',
      'ARLO_EVENT_BATCH_WINDOW_MS',
      'ARLO_EVENT_BATCH_INTERVAL_MS',
      'ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE',
      'ARLO_FETCH_BATCHER_WINDOW_SECONDS',
      'ARLO_CATCH_UP_INTERVAL_MINUTES',
    ]);
  });

  it('reads ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE as exactly true or false, and says so otherwise', () => {
    expect(loadConfig({ ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE: 'false' }).pull.outcomeSearchAttribute).toBe(
      false,
    );
    expect(loadConfig({ ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE: 'true' }).pull.outcomeSearchAttribute).toBe(
      true,
    );
    for (const text of ['1', 'TRUE', 'no']) {
      expect(configProblems({ ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE: text })).toEqual([
        expect.stringMatching(/^ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE=.*must be true or false/),
      ]);
    }
  });

  it('defaults reconciliation to nightly with an hour of overlap, walks four segments at once, and validates', () => {
    expect(loadConfig({}).bulk).toEqual({
      reconcileCron: '0 2 * * *',
      reconcileOverlapMinutes: 60,
      segments: 4,
    });
    expect(
      loadConfig({
        ARLO_RECONCILE_CRON: '30 1 * * 1-5',
        ARLO_RECONCILE_OVERLAP_MINUTES: '0',
        ARLO_BULK_SEGMENTS: '1',
      }).bulk,
    ).toEqual({ reconcileCron: '30 1 * * 1-5', reconcileOverlapMinutes: 0, segments: 1 });
    const problems = configProblems({
      ARLO_RECONCILE_CRON: 'nightly',
      ARLO_RECONCILE_OVERLAP_MINUTES: '-5',
      ARLO_BULK_SEGMENTS: '9',
    });
    expect(problems.map((p) => p.split('=')[0])).toEqual([
      'ARLO_RECONCILE_CRON',
      'ARLO_RECONCILE_OVERLAP_MINUTES',
      'ARLO_BULK_SEGMENTS',
    ]);
  });
});
