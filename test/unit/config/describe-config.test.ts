/** What `arlo-sync config` prints: values with their sources; secrets only as set or not set. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describeConfig, loadConfigWithSources } from '../../../src/config';

const PASSWORD = 'arlo-Pw-55x';
const MONGO_PASSWORD = 'mongo-Pw-77y';
const TOKEN = 'push-token-0123456789abcdef';

const dir = mkdtempSync(path.join(tmpdir(), 'arlo-sync-describe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function describeWith(env: Record<string, string>, dotEnv = ''): string[] {
  const dotEnvFile = path.join(dir, '.env');
  writeFileSync(dotEnvFile, dotEnv);
  return describeConfig(loadConfigWithSources(env, { dotEnvFile }));
}

const lineOf = (lines: readonly string[], name: string) =>
  lines.find((line) => line.trimStart().startsWith(`${name} `))?.replace(/\s+/g, ' ');

describe('describeConfig', () => {
  const env = {
    ARLO_BASE_URL: 'https://acme.arlo.co/api/2012-02-01/auth/resources/',
    ARLO_USERNAME: 'api-user',
    ARLO_PASSWORD: PASSWORD,
    MONGODB_URI: `mongodb://app:${MONGO_PASSWORD}@db:27017/?replicaSet=rs0`,
    ARLO_SYNC_DATA_DIR: dir, // not the developer's own data folder and its key files
  };

  it('tells a secret that is set from one that is not, and shows neither', () => {
    const lines = describeWith(env, `PUSH_TOKENS=${TOKEN}\n`);
    expect(lineOf(lines, 'ARLO_PASSWORD')).toBe(' ARLO_PASSWORD environment set (hidden)');
    expect(lineOf(lines, 'PUSH_TOKENS')).toBe(' PUSH_TOKENS .env set (hidden)');
    expect(lineOf(lines, 'ARLO_OAUTH_CLIENT_SECRET')).toBe(' ARLO_OAUTH_CLIENT_SECRET not set');
    expect(lineOf(lines, 'ARLO_WEBHOOK_KEYS')).toBe(' ARLO_WEBHOOK_KEYS not set');
    const text = lines.join('\n');
    for (const secret of [PASSWORD, MONGO_PASSWORD, TOKEN]) expect(text).not.toContain(secret);
  });

  it('shows each value with its source, URIs without credentials', () => {
    const lines = describeWith(env, 'RECEIVER_PORT=3999\n');
    expect(lineOf(lines, 'MONGODB_URI')).toBe(
      ' MONGODB_URI environment mongodb://<credentials>@db:27017/?replicaSet=rs0',
    );
    expect(lineOf(lines, 'RECEIVER_PORT')).toBe(' RECEIVER_PORT .env 3999');
    expect(lineOf(lines, 'RECEIVER_HOST')).toBe(' RECEIVER_HOST default 127.0.0.1');
    expect(lineOf(lines, 'TEMPORAL_ADDRESS')).toBe(
      ' TEMPORAL_ADDRESS not set default: the embedded dev server',
    );
  });

  it('states the order of the sources and the .env file it read', () => {
    const text = describeWith(env).join('\n');
    expect(text).toContain(
      `the environment > .env (${path.join(dir, '.env')}) > the local stack > the built-in default`,
    );
  });

  it('names variables in .env that arlo-sync does not read', () => {
    expect(describeWith(env, 'ARLO_PASWORD=x\n').join('\n')).toContain(
      '.env also sets ARLO_PASWORD: not arlo-sync variables, ignored',
    );
  });

  it('describes each platform without its password', () => {
    const lines = describeWith(env);
    const platform = lines[lines.indexOf('Platforms') + 1];
    expect(platform).toMatch(
      /^ {2}acme\.arlo\.co: https:\/\/acme\.arlo\.co\/api\/2012-02-01\/auth\/resources\/; /,
    );
    expect(platform).toContain('HTTP Basic as api-user, password set (hidden)');
    expect(platform).toContain('no webhook key yet');
  });
});
