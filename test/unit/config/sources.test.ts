/**
 * Where values come from: the environment > `.env` > the local stack's values > the built-in default,
 * and `arlo-sync config` can tell which.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ConfigError, loadConfig, loadConfigWithSources } from '../../../src/config';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arlo-sync-sources-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dotEnv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('the order of the sources', () => {
  const dotEnvFile = () =>
    dotEnv('order.env', 'RECEIVER_PORT=3002\nSIMULATOR_PORT=4012\nWORKER_METRICS_PORT=9466\n');
  const localStack = { RECEIVER_PORT: '3003', SIMULATOR_PORT: '4013', SIMULATOR_CONTROL_PORT: '4023' };

  it('takes each variable from the first source that sets it and says which', () => {
    const loaded = loadConfigWithSources({ RECEIVER_PORT: '3001' }, { dotEnvFile: dotEnvFile(), localStack });
    expect(loaded.config.receiver.port).toBe(3001);
    expect(loaded.config.simulator.port).toBe(4012);
    expect(loaded.config.simulator.controlPort).toBe(4023);
    expect(loaded.config.worker.metricsPort).toBe(9466);
    expect(loaded.config.temporal.devServerPort).toBe(7233);
    expect(Object.fromEntries(loaded.sources)).toMatchObject({
      RECEIVER_PORT: 'environment',
      SIMULATOR_PORT: '.env',
      WORKER_METRICS_PORT: '.env',
      SIMULATOR_CONTROL_PORT: 'local stack',
      ARLO_SYNC_DEV_TEMPORAL_PORT: 'default',
    });
    expect(loaded.sources.has('TEMPORAL_ADDRESS')).toBe(false);
  });

  it('counts an empty value as not set, so it hides nothing further down', () => {
    const loaded = loadConfigWithSources({ SIMULATOR_PORT: '' }, { dotEnvFile: dotEnvFile() });
    expect(loaded.config.simulator.port).toBe(4012);
    expect(loaded.sources.get('SIMULATOR_PORT')).toBe('.env');
  });

  it('uses the local stack for servers nobody named, and the environment over it', () => {
    const stack = { TEMPORAL_ADDRESS: '127.0.0.1:17233', MONGODB_URI: 'mongodb://127.0.0.1:17017/' };
    expect(loadConfig({}, { localStack: stack }).temporal.address).toBe('127.0.0.1:17233');
    expect(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }, { localStack: stack }).temporal.address).toBe(
      'temporal:7233',
    );
  });

  it("says a bad value's source in its problem line", () => {
    try {
      loadConfig({}, { dotEnvFile: dotEnv('bad.env', 'RECEIVER_PORT=http\n') });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^RECEIVER_PORT="http" \(from \.env\): /),
      ]);
    }
  });
});

describe('.env', () => {
  it('is parsed as `node --env-file` parses it: comments, quotes, spaces in values', () => {
    const file = dotEnv(
      'syntax.env',
      [
        '# a comment',
        'ARLO_RECONCILE_CRON=30 1 * * 1-5',
        'WEBHOOK_PATH="/hooks/arlo"',
        'export LOG_LEVEL=warn',
        '',
      ].join('\n'),
    );
    const config = loadConfig({}, { dotEnvFile: file });
    expect(config.bulk.reconcileCron).toBe('30 1 * * 1-5');
    expect(config.receiver.webhookPath).toBe('/hooks/arlo');
    expect(config.logLevel).toBe('warn');
  });

  it('is optional, but one that cannot be read is a problem', () => {
    expect(
      loadConfigWithSources({}, { dotEnvFile: path.join(dir, 'absent.env') }).dotEnvFile,
    ).toBeUndefined();
    const folder = path.join(dir, 'a-folder.env');
    mkdirSync(folder);
    expect(() => loadConfig({}, { dotEnvFile: folder })).toThrow(
      /the .env file ".*a-folder\.env": cannot read it \(EISDIR\)/,
    );
  });

  it("is read from the current directory when the environment is the process's own, and only then", () => {
    const cwd = process.cwd();
    const project = mkdtempSync(path.join(dir, 'project-'));
    writeFileSync(path.join(project, '.env'), 'SIMULATOR_DEMO_SEED_RECORDS=7\n');
    process.chdir(project);
    try {
      const loaded = loadConfigWithSources();
      expect(loaded.dotEnvFile).toBe(path.join(project, '.env'));
      expect(loaded.config.simulator.demoSeedRecords).toBe(7);
      expect(loadConfig({}).simulator.demoSeedRecords).toBe(200);
    } finally {
      process.chdir(cwd);
    }
  });

  it("feeds Temporal's own variables to its environment configuration", () => {
    const file = dotEnv('temporal.env', 'TEMPORAL_API_KEY=from-dot-env-key\nTEMPORAL_TLS=true\n');
    const config = loadConfig({}, { dotEnvFile: file });
    expect(config.temporal.connection.apiKey).toBe('from-dot-env-key');
    expect(config.temporal.connection.tls).toBeTruthy();
  });

  it('names what it sets that arlo-sync does not read', () => {
    const secret = path.join(dir, 'a-secret');
    writeFileSync(secret, 'p\n');
    const file = dotEnv(
      'unknown.env',
      [
        'ARLO_BASEURL=https://typo.arlo.co/',
        `ARLO_PASSWORD_FILE=${secret}`,
        'TEMPORAL_GRPC_META_X=1',
        'COMPOSE_PROJECT_NAME=x',
        'RECEIVER_PORT_FILE=/x',
        'ARLO_WEBHOOK_KEYS_FILE=/keys',
      ].join('\n'),
    );
    expect(loadConfigWithSources({}, { dotEnvFile: file }).unknownInDotEnv).toEqual([
      'ARLO_BASEURL',
      'COMPOSE_PROJECT_NAME',
      'RECEIVER_PORT_FILE',
    ]);
  });
});

describe('secrets across sources', () => {
  it('treats NAME and NAME_FILE as one setting: the first source that sets either wins', () => {
    const secretFile = path.join(dir, 'password');
    writeFileSync(secretFile, 'from-the-file\n');
    const base = { ARLO_BASE_URL: 'https://a.arlo.co/api/', ARLO_USERNAME: 'u' };
    const loaded = loadConfigWithSources(
      { ...base, ARLO_PASSWORD_FILE: secretFile },
      { dotEnvFile: dotEnv('password.env', 'ARLO_PASSWORD=from-dot-env\n') },
    );
    expect(loaded.config.platforms[0]?.credentials).toMatchObject({ password: 'from-the-file' });
    expect(loaded.sources.get('ARLO_PASSWORD')).toBe('environment');
  });
});
