/**
 * Reads every declared variable from the sources, in order, and parses it with its declared type.
 * A bad value becomes a problem line (the variable, the value with secrets and credentials hidden, what
 * is expected) and the default stands in, so every problem is found in one pass.
 */
import { quoted } from './mask-credentials';
import { readSecret } from './secrets';
import { lookup, lookupSecret, type ConfigSource, type EnvLayer } from './sources';
import {
  VARIABLE_NAMES,
  VARIABLES,
  type VariableDeclaration,
  type VariableName,
  type VariableValues,
} from './variables';

export interface ReadVariables {
  readonly values: VariableValues;
  /** Where each variable that has a value got it. */
  readonly sources: ReadonlyMap<VariableName, ConfigSource>;
  readonly problems: readonly string[];
}

interface Raw {
  readonly text: string;
  readonly source: EnvLayer['source'];
}

export function readVariables(layers: readonly EnvLayer[]): ReadVariables {
  const values: Record<string, unknown> = {};
  const sources = new Map<VariableName, ConfigSource>();
  const problems: string[] = [];
  for (const name of VARIABLE_NAMES) {
    const declaration: VariableDeclaration = VARIABLES[name];
    const raw = rawValue(layers, name, declaration, problems);
    if (raw !== undefined) {
      const parsed = declaration.schema.safeParse(raw.text);
      if (parsed.success) {
        values[name] = parsed.data;
        sources.set(name, raw.source);
        continue;
      }
      const shown = declaration.secret ? '(value hidden)' : quoted(raw.text);
      const from = raw.source === 'environment' ? '' : ` (from ${raw.source})`;
      problems.push(`${name}=${shown}${from}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    if (declaration.default !== undefined) {
      // A default that does not parse is a bug in the declaration: fail loudly, not as a user problem.
      values[name] = declaration.schema.parse(declaration.default);
      if (raw === undefined) sources.set(name, 'default');
    }
  }
  return { values: values as VariableValues, sources, problems };
}

function rawValue(
  layers: readonly EnvLayer[],
  name: string,
  declaration: VariableDeclaration,
  problems: string[],
): Raw | undefined {
  if (!declaration.secret || declaration.secretFile === false) {
    const found = lookup(layers, name);
    return found && { text: found.value, source: found.source };
  }
  const given = lookupSecret(layers, name);
  if (given === undefined) return undefined;
  const secret = readSecret(name, given);
  if ('problem' in secret) {
    problems.push(secret.problem);
    return undefined;
  }
  return secret.text === '' ? undefined : { text: secret.text, source: given.source };
}
