/**
 * Environment access for starting other processes. It lives in src/config/ because only the config
 * module reads `process.env`.
 */
import path from 'node:path';

/**
 * The environment for a child process of the local stack (`arlo-sync up` starts the worker and the
 * receiver as separate processes): the current environment plus the addresses of embedded servers.
 */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** The directories of PATH, for finding tools such as the Go toolchain. */
export function executableSearchPath(): string[] {
  return (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
}
