/**
 * How a CLI in a second terminal finds the stack `arlo-sync up` runs: the variables of its state file
 * (./local-stack-state.ts) as a layer UNDER the real environment (the environment always wins), plus one
 * line saying where they came from. Variables that belong together are taken together: when the
 * environment names an Arlo platform of its own, none of the demo platform's variables are layered in,
 * so a real platform never receives the simulator's password.
 */
import path from 'node:path';

import type { Env } from '../config';
import { PROJECT_ROOT } from '../project-root';
import { leftARecord } from './leftover-processes';
import { readLocalStackState } from './local-stack-state';

export interface LocalStackLayer {
  /** Variables to use where the environment has none. Empty when no running stack was found. */
  readonly env: Env;
  /** One line for stderr: what was found and used (or why a file was ignored); undefined when nothing. */
  readonly notice: string | undefined;
}

/**
 * The demo platform, taken whole or not at all. The receiver's loopback URL belongs to it: a real
 * platform cannot call 127.0.0.1, so `setup` must never register that for one.
 */
const PLATFORM_GROUP = [
  'ARLO_BASE_URL',
  'ARLO_PLATFORM',
  'ARLO_USERNAME',
  'ARLO_PASSWORD',
  'ARLO_WEBHOOK_KEYS',
  'RECEIVER_PUBLIC_URL',
];
/** Any of these in the environment means the user configured a platform of their own. */
const OWN_PLATFORM = ['ARLO_BASE_URL', 'ARLO_PLATFORMS_FILE'];

/** The same folder the configuration resolves (`ARLO_SYNC_DATA_DIR`, default `.data` in the project). */
export function dataDirOf(env: Env): string {
  return path.resolve(PROJECT_ROOT, env.ARLO_SYNC_DATA_DIR || '.data');
}

export function localStackLayer(env: Env): LocalStackLayer {
  const dataDir = dataDirOf(env);
  const found = readLocalStackState(dataDir);
  if (found === undefined) return { env: {}, notice: undefined };
  const shown = displayPath(found.file);
  if (found.kind === 'unreadable') {
    return { env: {}, notice: `arlo-sync: ignoring ${shown}: ${found.reason}` };
  }
  const { state } = found;
  if (found.stale) {
    return {
      env: {},
      notice:
        `arlo-sync: ignoring ${shown}: the \`arlo-sync up\` that wrote it (pid ${state.pid}) is no longer running` +
        (leftARecord(dataDir, state.pid)
          ? '; it was killed before it could stop its servers, which may still run: `npm start` stops them ' +
            'and starts afresh'
          : ''),
    };
  }
  const ownPlatform = OWN_PLATFORM.some((name) => isSet(env, name));
  const layer: Record<string, string> = {};
  for (const [name, value] of Object.entries(state.env)) {
    if (ownPlatform && PLATFORM_GROUP.includes(name)) continue;
    // NAME_FILE in the environment stands for NAME: layering NAME too would make the two clash.
    if (isSet(env, `${name}_FILE`)) continue;
    layer[name] = value;
  }
  const overridden = Object.keys(layer).filter((name) => isSet(env, name));
  const platform = ownPlatform
    ? 'the Arlo platform of your environment'
    : state.demo
      ? `the demo platform ${state.platform ?? '?'} (simulator)`
      : `platform ${state.platform ?? '(none)'}`;
  return {
    env: layer,
    notice:
      `arlo-sync: using the local stack of \`arlo-sync up\` (pid ${state.pid}, ${shown}): ` +
      `Temporal ${state.env.TEMPORAL_ADDRESS ?? '?'}, receiver ${state.receiverUrl}, ${platform}` +
      (overridden.length > 0 ? `; your environment or .env overrides ${overridden.join(', ')}` : ''),
  };
}

function isSet(env: Env, name: string): boolean {
  const value = env[name];
  return value !== undefined && value !== '';
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
