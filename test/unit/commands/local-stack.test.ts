import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { localStackCommand } from '../../../src/commands/local-stack';
import { writeLocalStackState, type LocalStackState } from '../../../src/devstack/local-stack-state';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-local-stack-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** A state file as `up` writes it, by this (running) process; `env` holds the tokens `up` generated. */
function stack(env: Record<string, string>): LocalStackState {
  return {
    version: 1,
    pid: process.pid,
    startedAt: '2026-12-06T11:00:00.000Z',
    demo: true,
    platform: 'demo.arlo.co',
    receiverUrl: 'http://127.0.0.1:3000',
    temporalUiUrl: 'http://127.0.0.1:8233',
    env: { TEMPORAL_ADDRESS: '127.0.0.1:7233', ...env },
  };
}

function shell(): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = localStackCommand({ ARLO_SYNC_DATA_DIR: dataDir }, { shell: true }, (line) =>
    lines.push(line),
  );
  return { code, lines };
}

describe('local-stack --shell', () => {
  it("prints the receiver and the push and consumer tokens generated for the run, for the README's curl", async () => {
    await writeLocalStackState(
      dataDir,
      stack({ PUSH_TOKENS: 'demo-push-token-0123456789', CONSUMER_TOKENS: "demo-consumer-0123'4567" }),
    );
    expect(shell()).toEqual({
      code: 0,
      lines: [
        "RECEIVER_URL='http://127.0.0.1:3000'",
        "PUSH_TOKEN='demo-push-token-0123456789'",
        // Single-quoted, a quote inside closed and escaped: nothing the shell would expand or split.
        "CONSUMER_TOKEN='demo-consumer-0123'\\''4567'",
      ],
    });
  });

  it("never prints the user's own tokens: the stack did not generate them, so the file does not hold them", async () => {
    await writeLocalStackState(dataDir, stack({}));
    expect(shell()).toEqual({
      code: 0,
      lines: [
        "RECEIVER_URL='http://127.0.0.1:3000'",
        '# PUSH_TOKEN: this stack takes your own PUSH_TOKENS; set PUSH_TOKEN to one of them',
        '# CONSUMER_TOKEN: this stack takes your own CONSUMER_TOKENS; set CONSUMER_TOKEN to one of them',
      ],
    });
  });

  it('fails, saying how to start one, when no stack runs for the data folder', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(shell()).toEqual({ code: 1, lines: [] });
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/no local stack is running for .*`npm start`/);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('local-stack', () => {
  it('says where the change feed takes its tokens from', async () => {
    const lines: string[] = [];
    await writeLocalStackState(dataDir, stack({ CONSUMER_TOKENS: 'demo-consumer-0123456789' }));
    expect(localStackCommand({ ARLO_SYNC_DATA_DIR: dataDir }, {}, (line) => lines.push(line))).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('Change feed        a consumer token for this run');
    expect(text).toContain('Push               tokens from PUSH_TOKENS');
    expect(text).not.toContain('demo-consumer-0123456789');
  });
});
