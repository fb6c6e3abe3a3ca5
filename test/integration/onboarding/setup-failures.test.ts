/**
 * What a user sees when the platform settings are wrong: the built CLI (`node dist/src/cli.js setup`, as
 * `npm start` runs compiled code) prints ONE line on stderr saying what is wrong and what to do, exits
 * non-zero, and shows no stack trace. Each case is a real HTTP exchange with the simulator on 127.0.0.1
 * (or a port nothing listens on).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { findFreePort } from '../../../src/devstack/free-port';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { uniqueName } from '../../helpers/test-stack';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

let sim: RunningSimulator;
let dataDir: string;

beforeAll(async () => {
  sim = await startSimulator({ platform: `${uniqueName('fail')}.arlo.test`, onError: console.error });
  dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-setup-fail-'));
});

afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function setupWith(overrides: Record<string, string>) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'silent',
    ARLO_SYNC_DATA_DIR: dataDir,
    ARLO_BASE_URL: sim.baseUrl,
    ARLO_PLATFORM: sim.platform,
    ARLO_USERNAME: sim.credentials.username,
    ARLO_PASSWORD: sim.credentials.password,
    RECEIVER_PUBLIC_URL: 'http://127.0.0.1:9/',
    ...overrides,
  };
  try {
    await run(process.execPath, [path.join(root, 'dist/src/cli.js'), 'setup'], { env, timeout: 60_000 });
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
  throw new Error('setup succeeded, but it should have failed');
}

function expectOneLine(stderr: string, expected: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(expected);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('arlo-sync setup with wrong platform settings', () => {
  it('wrong credentials: one line naming the variables, non-zero exit', async () => {
    const { code, stderr } = await setupWith({ ARLO_PASSWORD: 'not-the-password' });
    expect(code).not.toBe(0);
    expectOneLine(
      stderr,
      /refused the credentials \(401 Unauthorized\): check ARLO_USERNAME and ARLO_PASSWORD/,
    );
    expect(stderr).not.toContain('not-the-password');
  });

  it('wrong base URL: one line saying what the API root looks like', async () => {
    const wrong = sim.baseUrl.replace('/api/2012-02-01/auth/resources/', '/api/');
    const { code, stderr } = await setupWith({ ARLO_BASE_URL: wrong });
    expect(code).not.toBe(0);
    expectOneLine(
      stderr,
      /is not an Arlo Auth API .*must be the platform's API root, ending in \/api\/2012-02-01\/auth\/resources\//,
    );
  });

  it('unreachable host: one line naming the origin', async () => {
    const port = await findFreePort(); // nothing listens there
    const { code, stderr } = await setupWith({
      ARLO_BASE_URL: `http://127.0.0.1:${port}/api/2012-02-01/auth/resources/`,
    });
    expect(code).not.toBe(0);
    expectOneLine(stderr, new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}: .*check ARLO_BASE_URL`));
  });

  it('no RECEIVER_PUBLIC_URL: one line saying what to set', async () => {
    const { code, stderr } = await setupWith({ RECEIVER_PUBLIC_URL: '' });
    expect(code).not.toBe(0);
    expectOneLine(stderr, /RECEIVER_PUBLIC_URL is not set/);
  });
});
