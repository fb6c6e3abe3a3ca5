/**
 * Credentials never reach the terminal: `arlo-sync config`, and the start-up of every entry point, run
 * as child processes (the compiled commands, as users run them) with passwords inside URIs, valid and
 * malformed, in the environment and in `.env`. Nothing they write to stdout or stderr holds a password.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/src/cli.js');

const MONGO_PASSWORD = 'mongo-Pw-4410z';
const ARLO_PASSWORD = 'arlo-Pw-8812k';
const URL_PASSWORD = 'url-Pw-2290m';
const PUSH_TOKEN = 'push-token-Qx81-0123456789';
const SECRETS = [MONGO_PASSWORD, ARLO_PASSWORD, URL_PASSWORD, PUSH_TOKEN];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let cwd: string;
beforeAll(async () => {
  // A folder of its own: the commands read `.env` from the current directory.
  cwd = await mkdtemp(path.join(tmpdir(), 'arlo-sync-config-command-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

/** Runs a compiled entry point with only these variables (and PATH) in its environment. */
function run(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, env: { PATH: process.env.PATH ?? '', ARLO_SYNC_DATA_DIR: cwd, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function expectNoSecret(result: Run): void {
  const output = `${result.stdout}\n${result.stderr}`;
  for (const secret of SECRETS) expect(output).not.toContain(secret);
}

const platform = {
  ARLO_BASE_URL: 'https://acme.arlo.co/api/2012-02-01/auth/resources/',
  ARLO_USERNAME: 'api-user',
  ARLO_PASSWORD,
};

describe('arlo-sync config', () => {
  it('shows a MongoDB URI without its password and secrets as set (hidden)', async () => {
    const result = await run([cli, 'config'], {
      ...platform,
      MONGODB_URI: `mongodb://app:${MONGO_PASSWORD}@db.example.net:27017/?replicaSet=rs0`,
      PUSH_TOKENS: PUSH_TOKEN,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /MONGODB_URI +environment +mongodb:\/\/<credentials>@db\.example\.net:27017\//,
    );
    expect(result.stdout).toMatch(/ARLO_PASSWORD +environment +set \(hidden\)/);
    expect(result.stdout).toMatch(/PUSH_TOKENS +environment +set \(hidden\)/);
    expect(result.stdout).toMatch(/ARLO_OAUTH_CLIENT_SECRET +not set/);
    expectNoSecret(result);
  });

  it('reads secrets from .env in the current directory, and says so, without showing them', async () => {
    await writeFile(
      path.join(cwd, '.env'),
      `MONGODB_URI=mongodb://app:${MONGO_PASSWORD}@db.example.net:27017/\nPUSH_TOKENS=${PUSH_TOKEN}\n`,
    );
    try {
      const result = await run([cli, 'config'], platform);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`.env (${path.join(cwd, '.env')})`);
      expect(result.stdout).toMatch(/MONGODB_URI +\.env +mongodb:\/\/<credentials>@db\.example\.net:27017\//);
      expect(result.stdout).toMatch(/PUSH_TOKENS +\.env +set \(hidden\)/);
      expectNoSecret(result);
    } finally {
      await rm(path.join(cwd, '.env'));
    }
  });

  it.each([
    ['an unescaped @ in the password', `mongodb://app:${MONGO_PASSWORD}@x@db.example.net:27017/`],
    ['a broken percent-encoding', `mongodb://app:${MONGO_PASSWORD}%ZZ@db.example.net/`],
    ['a scheme it does not know', `postgres://app:${MONGO_PASSWORD}@db.example.net/`],
  ])('refuses a malformed MONGODB_URI (%s) without echoing its password', async (_what, uri) => {
    const result = await run([cli, 'config'], { MONGODB_URI: uri });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/MONGODB_URI=".*<credentials>.*": not a MongoDB connection string/);
    expectNoSecret(result);
  });

  it('refuses a user name and password inside ARLO_BASE_URL, pointing at ARLO_USERNAME/ARLO_PASSWORD', async () => {
    const result = await run([cli, 'config'], {
      ARLO_BASE_URL: `https://api-user:${URL_PASSWORD}@acme.arlo.co/api/2012-02-01/auth/resources/`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('set ARLO_USERNAME and ARLO_PASSWORD (or ARLO_PASSWORD_FILE) instead');
    expectNoSecret(result);
  });
});

describe('start-up of every entry point with a malformed URI', () => {
  const bad = {
    ...platform,
    MONGODB_URI: `mongodb://app:${MONGO_PASSWORD}@x@db.example.net:27017/`,
    ARLO_OAUTH_TOKEN_URL: `https://client:${URL_PASSWORD}@login.example.net/token`,
  };

  it.each([
    ['the receiver', [path.join(root, 'dist/src/server.js')]],
    ['the worker', [path.join(root, 'dist/src/worker.js')]],
    ['arlo-sync doctor', [cli, 'doctor']],
    ['arlo-sync up', [cli, 'up']],
  ])('%s names the problems and shows no password', async (_what, args) => {
    const result = await run(args, bad);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/MONGODB_URI=/);
    expect(`${result.stdout}${result.stderr}`).toMatch(/ARLO_OAUTH_TOKEN_URL=/);
    expectNoSecret(result);
  });
});
