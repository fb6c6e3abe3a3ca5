/**
 * The simulator's state on disk (`arlo-sync up` keeps it under the data folder): read at start, saved a
 * moment after every change and once more at close. Written to a temporary file and renamed, so a crash
 * mid-write leaves the previous state, never half of one.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { SimulatorCore } from '../simulator-core';
import { capturePlatformState, PLATFORM_STATE_VERSION, type PlatformStateJson } from './platform-state';

export class PlatformStateFileError extends Error {
  constructor(file: string, reason: string) {
    super(
      `The simulator's saved state ${file} ${reason}. Move it away to start the demo platform afresh ` +
        '(its records and event IDs then start over; the mirror keeps what it has).',
    );
    this.name = 'PlatformStateFileError';
  }
}

/** The saved state, or undefined when there is none yet. */
export function readPlatformStateFile(file: string, platform: string): PlatformStateJson | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new PlatformStateFileError(file, `cannot be read (${code})`);
  }
  let state: PlatformStateJson;
  try {
    state = JSON.parse(text) as PlatformStateJson;
  } catch {
    throw new PlatformStateFileError(file, 'is not valid JSON');
  }
  if (state.version !== PLATFORM_STATE_VERSION || !Array.isArray(state.records)) {
    throw new PlatformStateFileError(file, 'was not written by this version of the simulator');
  }
  if (state.platform !== platform) {
    throw new PlatformStateFileError(file, `holds platform ${state.platform}, not ${platform}`);
  }
  return state;
}

export async function writePlatformStateFile(file: string, state: PlatformStateJson): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  await writeFile(partial, JSON.stringify(state));
  await rename(partial, file);
}

export interface PlatformStateSaver {
  /** Saves now if anything changed since the last save. */
  saveNow(): Promise<void>;
  /** Stops the timer after a last save. */
  stop(): Promise<void>;
}

/**
 * Saves the platform every `intervalMs` while it changes. Every accepted write appends a PlatformEvent,
 * so the next event ID (with the endpoint list) tells whether anything changed.
 */
export function keepPlatformStateSaved(
  core: SimulatorCore,
  file: string,
  intervalMs: number,
  onError: (error: unknown) => void,
): PlatformStateSaver {
  const signature = () =>
    `${core.platform.events.peekNextId()}|${core.registry
      .list()
      .map((e) => `${e.id}:${e.url}:${e.status}`)
      .join(',')}`;
  let saved = '';
  let saving: Promise<void> = Promise.resolve();
  const saveNow = () => {
    // One save at a time, in order; a failed save is reported and the next one tries again.
    saving = saving
      .then(async () => {
        const current = signature();
        if (current === saved) return;
        await writePlatformStateFile(file, capturePlatformState(core, new Date()));
        saved = current;
      })
      .catch(onError);
    return saving;
  };
  const timer = setInterval(() => void saveNow(), intervalMs);
  timer.unref();
  return {
    saveNow,
    async stop() {
      clearInterval(timer);
      await saveNow();
    },
  };
}
