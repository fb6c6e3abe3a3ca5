import { mkdtemp, rm } from 'node:fs/promises';
import { statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { upProcessesPath } from '../../../src/devstack/leftover-processes';
import { localStackLayer } from '../../../src/devstack/local-stack-discovery';
import {
  localStackStatePath,
  removeLocalStackState,
  writeLocalStackState,
  type LocalStackState,
} from '../../../src/devstack/local-stack-state';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-discovery-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const state = (pid = process.pid): LocalStackState => ({
  version: 1,
  pid,
  startedAt: '2024-01-15T08:00:00.000Z',
  demo: true,
  platform: 'demo.arlo.co',
  receiverUrl: 'http://127.0.0.1:3000',
  temporalUiUrl: 'http://127.0.0.1:8233',
  env: {
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    MONGODB_URI: 'mongodb://127.0.0.1:27017/',
    ARLO_BASE_URL: 'http://127.0.0.1:4010/api/2012-02-01/auth/resources/',
    ARLO_PLATFORM: 'demo.arlo.co',
    ARLO_USERNAME: 'api-user',
    ARLO_PASSWORD: 'simulator-password',
    ARLO_WEBHOOK_KEYS: 'a2V5',
    PUSH_TOKENS: 'demo-token-of-this-run',
    RECEIVER_PUBLIC_URL: 'http://127.0.0.1:3000',
  },
});

describe('localStackLayer', () => {
  it('finds nothing, and says nothing, when no stack runs', () => {
    expect(localStackLayer({ ARLO_SYNC_DATA_DIR: dataDir })).toEqual({ env: {}, notice: undefined });
  });

  it("layers a running stack's variables and says where they came from", async () => {
    await writeLocalStackState(dataDir, state());
    expect(statSync(localStackStatePath(dataDir)).mode & 0o777).toBe(0o600);
    const layer = localStackLayer({ ARLO_SYNC_DATA_DIR: dataDir, TEMPORAL_ADDRESS: 'elsewhere:7233' });
    expect(layer.env).toEqual(state().env);
    expect(layer.notice).toContain(`pid ${process.pid}`);
    expect(layer.notice).toContain('the demo platform demo.arlo.co');
    expect(layer.notice).toContain('your environment or .env overrides TEMPORAL_ADDRESS');
  });

  it("never mixes the demo platform into a platform of the user's own", async () => {
    await writeLocalStackState(dataDir, state());
    const layer = localStackLayer({
      ARLO_SYNC_DATA_DIR: dataDir,
      ARLO_BASE_URL: 'https://acme.arlo.co/api/',
    });
    expect(Object.keys(layer.env)).not.toContain('ARLO_PASSWORD');
    expect(Object.keys(layer.env)).not.toContain('ARLO_WEBHOOK_KEYS');
    expect(Object.keys(layer.env)).not.toContain('RECEIVER_PUBLIC_URL');
    expect(layer.env.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    const withFile = localStackLayer({ ARLO_SYNC_DATA_DIR: dataDir, PUSH_TOKENS_FILE: '/run/secrets/push' });
    expect(Object.keys(withFile.env)).not.toContain('PUSH_TOKENS');
  });

  it('ignores the file of a stack that is no longer running, and says so', async () => {
    const gone = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
    await writeLocalStackState(dataDir, state(gone));
    const layer = localStackLayer({ ARLO_SYNC_DATA_DIR: dataDir });
    expect(layer.env).toEqual({});
    expect(layer.notice).toMatch(new RegExp(`pid ${gone}\\) is no longer running$`));
  });

  it("says when that stack's up was killed before it could stop its servers", async () => {
    const gone = 2 ** 22 + 12346;
    await writeLocalStackState(dataDir, state(gone));
    writeFileSync(
      upProcessesPath(dataDir),
      JSON.stringify({
        version: 1,
        up: { name: 'arlo-sync up', pid: gone, commandLine: 'up' },
        processes: [],
      }),
    );
    expect(localStackLayer({ ARLO_SYNC_DATA_DIR: dataDir }).notice).toMatch(
      new RegExp(
        `pid ${gone}\\) is no longer running; it was killed before it could stop its servers, which may ` +
          'still run: `npm start` stops them and starts afresh$',
      ),
    );
  });

  it('is removed on a clean stop, but never the file of another run', async () => {
    await writeLocalStackState(dataDir, state(process.pid + 1));
    await removeLocalStackState(dataDir);
    expect(() => statSync(localStackStatePath(dataDir))).not.toThrow();
    await writeLocalStackState(dataDir, state());
    await removeLocalStackState(dataDir);
    expect(() => statSync(localStackStatePath(dataDir))).toThrow();
  });
});
