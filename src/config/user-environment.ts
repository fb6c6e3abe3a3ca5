/**
 * The variables the user set (the real environment over `.env`), as one map: what the CLI's discovery of
 * a running local stack needs to know before it layers the stack's values underneath (which data folder
 * to look in, and whether the user configured an Arlo platform of their own).
 */
import type { Env } from './config-types';
import { defaultDotEnvFile, readDotEnv } from './dot-env';
import { merged } from './sources';

export function userEnvironment(): Env {
  const dotEnv = readDotEnv(defaultDotEnvFile());
  return merged([
    { source: 'environment', env: process.env },
    ...(dotEnv && 'env' in dotEnv ? [{ source: '.env' as const, env: dotEnv.env }] : []),
  ]);
}
