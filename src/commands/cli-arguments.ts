/** Parsers for CLI option values: each rejects bad input with a message commander prints as is. */
import { InvalidArgumentError } from 'commander';

import { VARIABLES } from '../config/variables';

export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0) {
    throw new InvalidArgumentError('must be a whole number, 0 or more');
  }
  return parsed;
}

export function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    throw new InvalidArgumentError('must be a number, 0 or more');
  }
  return parsed;
}

export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('must be a number greater than 0');
  }
  return parsed;
}

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('must be a whole number, 1 or more');
  }
  return parsed;
}

/** A TCP port to listen on: 0 (any free port) to 65535. */
export function tcpPort(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new InvalidArgumentError('must be a TCP port, 0 (any free port) to 65535');
  }
  return parsed;
}

/**
 * `NAME=VALUE` of a pull-path variable (group `pull` in src/config/variables), added to the settings
 * given so far: what `bench --set` passes to the pull path under test. The value itself is checked by
 * the configuration loader when the benchmark builds its configuration.
 */
export function pullSetting(
  value: string,
  settings: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const separator = value.indexOf('=');
  const name = separator < 0 ? value : value.slice(0, separator);
  const pullVariables = Object.entries(VARIABLES)
    .filter(([, declaration]) => declaration.group === 'pull')
    .map(([variable]) => variable);
  if (separator < 0 || name === '') {
    throw new InvalidArgumentError(`"${value}" is not NAME=VALUE (e.g. ARLO_EVENT_QUERY_BATCH_SIZE=50)`);
  }
  if (!pullVariables.includes(name)) {
    throw new InvalidArgumentError(
      `${name} is not one of the pull path's variables: ${pullVariables.join(', ')}`,
    );
  }
  return { ...settings, [name]: value.slice(separator + 1) };
}
