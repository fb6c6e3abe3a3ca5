/**
 * The `.env` file: read with Node's own parser (`util.parseEnv`, the one behind `node --env-file`), and
 * only ever as a layer under the real environment; `process.env` is never changed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

import type { Env } from './config-types';
import { quoted } from './mask-credentials';

/** `.env` in the current directory: where `npm start` runs (the project root) and `docker compose` reads it. */
export function defaultDotEnvFile(): string {
  return path.resolve('.env');
}

type DotEnv = { readonly env: Env } | { readonly problem: string } | undefined;

/** The file's variables; undefined when there is no such file. */
export function readDotEnv(file: string): DotEnv {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return { problem: `the .env file ${quoted(file)}: cannot read it (${code})` };
  }
  return { env: parseEnv(text) };
}
