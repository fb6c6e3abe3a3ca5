/** Parsers for CLI option values: each rejects bad input with a message commander prints as is. */
import { InvalidArgumentError } from 'commander';

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
