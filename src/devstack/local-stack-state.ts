/**
 * The state file of a running `arlo-sync up` (`<data dir>/local-stack.json`, mode 0600): where its
 * servers are and, under the demo, the simulator's platform, credentials, webhook key and the demo push
 * token. A second terminal's `arlo-sync …` reads it (src/devstack/local-stack-discovery.ts), so every
 * README command works next to `npm start` without exporting anything. `up` removes it on a clean stop;
 * a file whose pid is gone describes a stack that is no longer running and is ignored as stale.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { isProcessAlive } from './process-liveness';

export const LOCAL_STACK_STATE_FILE = 'local-stack.json';

export interface LocalStackState {
  readonly version: 1;
  /** The `arlo-sync up` process. */
  readonly pid: number;
  readonly startedAt: string;
  /** True when the stack runs the Arlo simulator as its platform (no platform was configured). */
  readonly demo: boolean;
  readonly platform: string | undefined;
  readonly receiverUrl: string;
  readonly temporalUiUrl: string | undefined;
  /**
   * The variables a CLI in another terminal needs to reach this stack, exactly as `up` gave them to
   * its worker and receiver: addresses, and under the demo the platform and its secrets.
   */
  readonly env: Readonly<Record<string, string>>;
}

export function localStackStatePath(dataDir: string): string {
  return path.join(dataDir, LOCAL_STACK_STATE_FILE);
}

/** Written whole to a temporary file first, so a reader never sees half a file; only the owner reads it. */
export async function writeLocalStackState(dataDir: string, state: LocalStackState): Promise<void> {
  const file = localStackStatePath(dataDir);
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await chmod(partial, 0o600); // mode is only applied when the file is created; be explicit.
  await rename(partial, file);
}

export async function removeLocalStackState(dataDir: string, pid = process.pid): Promise<void> {
  const found = readLocalStackState(dataDir);
  // Never remove a newer stack's file (a second `up` on another data folder cannot share this one, but
  // a file left by a crashed run and then replaced must stay).
  if (found?.kind === 'state' && found.state.pid !== pid) return;
  await rm(localStackStatePath(dataDir), { force: true });
}

export type ReadState =
  | {
      readonly kind: 'state';
      readonly state: LocalStackState;
      readonly stale: boolean;
      readonly file: string;
    }
  | { readonly kind: 'unreadable'; readonly file: string; readonly reason: string };

/** The state file of `dataDir`, if there is one; `stale` when the process that wrote it is gone. */
export function readLocalStackState(dataDir: string): ReadState | undefined {
  const file = localStackStatePath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { kind: 'unreadable', file, reason: `cannot read it (${code})` };
  }
  let state: LocalStackState;
  try {
    state = JSON.parse(text) as LocalStackState;
  } catch {
    return { kind: 'unreadable', file, reason: 'not valid JSON' };
  }
  if (state.version !== 1 || typeof state.pid !== 'number' || typeof state.env !== 'object') {
    return { kind: 'unreadable', file, reason: 'not a state file this version of arlo-sync writes' };
  }
  return { kind: 'state', state, stale: !isProcessAlive(state.pid), file };
}

/** A bearer token for the demo's push endpoint (the push endpoint takes tokens of 16 characters or more). */
export function generatePushToken(): string {
  return `demo-${randomBytes(18).toString('base64url')}`;
}
