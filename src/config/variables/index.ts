/**
 * Every environment variable arlo-sync reads, each declared once (type, default, meaning). The order is
 * the order of .env.example and of the README's configuration table.
 */
import type { z } from 'zod';

import { ARLO_VARIABLES } from './arlo';
import type { VariableDeclaration } from './declaration';
import { FEED_VARIABLES } from './feed';
import { LOCAL_STACK_VARIABLES } from './local-stack';
import { SERVICE_VARIABLES } from './services';
import { SYNC_VARIABLES } from './sync';

export { GROUPS, type VariableDeclaration, type VariableGroup } from './declaration';

export const VARIABLES = {
  ...ARLO_VARIABLES,
  ...SYNC_VARIABLES,
  ...SERVICE_VARIABLES,
  ...FEED_VARIABLES,
  ...LOCAL_STACK_VARIABLES,
} as const satisfies Record<string, VariableDeclaration>;

export type VariableName = keyof typeof VARIABLES;

type Declared = typeof VARIABLES;

/** Each variable's parsed value; undefined only for a variable without a default. */
export type VariableValues = {
  readonly [K in VariableName]: Declared[K] extends { readonly default: string }
    ? z.output<Declared[K]['schema']>
    : z.output<Declared[K]['schema']> | undefined;
};

export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

const DECLARED: Readonly<Record<string, VariableDeclaration | undefined>> = VARIABLES;

/** A declared variable, a secret's NAME_FILE, or one of Temporal's own (its envconfig reads them all). */
export function isReadName(name: string): boolean {
  if (DECLARED[name] !== undefined || name.startsWith('TEMPORAL_')) return true;
  const secret = name.endsWith('_FILE') ? DECLARED[name.slice(0, -'_FILE'.length)] : undefined;
  return secret?.secret === true && secret.secretFile !== false;
}
