/**
 * Turns a parsed filter into a predicate over one collection's items, checking every field and literal
 * type first. Datetime literals (millisecond precision) are compared against the stored 7-digit values
 * exactly: `eq datetime('...943Z')` does not match `...9431234Z`, and `gt` does. That is the documented
 * precision trap, which arlo-sync's cursor must survive.
 */
import { badRequest } from '../api-error';
import type { FilterExpression, Literal } from './filter-parser';
import { compare, type Comparable, type QueryTarget } from './query-target';

export type Predicate<T> = (item: T) => boolean;

export function compileFilter<T>(expression: FilterExpression, target: QueryTarget<T>): Predicate<T> {
  switch (expression.kind) {
    case 'and': {
      const left = compileFilter(expression.left, target);
      const right = compileFilter(expression.right, target);
      return (item) => left(item) && right(item);
    }
    case 'or': {
      const left = compileFilter(expression.left, target);
      const right = compileFilter(expression.right, target);
      return (item) => left(item) || right(item);
    }
    case 'compare': {
      const accessor = target.resolve(expression.path);
      const where = ` (at character ${expression.position + 1})`;
      if (typeof accessor === 'string') throw badRequest('InvalidFilter', `filter: ${accessor}${where}`);
      const value = literalFor(accessor.kind, expression.literal);
      if (value === undefined) {
        throw badRequest(
          'InvalidFilter',
          `filter: ${accessor.name} is ${KIND_DESCRIPTIONS[accessor.kind]}; ${describeLiteral(expression.literal)} cannot be compared with it${where}`,
        );
      }
      if (accessor.kind === 'boolean' && expression.operator !== 'eq' && expression.operator !== 'ne') {
        throw badRequest('InvalidFilter', `filter: ${accessor.name} is true/false; use eq or ne${where}`);
      }
      const test = TESTS[expression.operator];
      return (item) => {
        const actual = accessor.get(item);
        // A missing value equals nothing and is ordered against nothing; it is "not equal" to any value.
        if (actual === undefined) return expression.operator === 'ne';
        return test(compare(actual, value));
      };
    }
  }
}

const TESTS = {
  eq: (c: number) => c === 0,
  ne: (c: number) => c !== 0,
  gt: (c: number) => c > 0,
  ge: (c: number) => c >= 0,
  lt: (c: number) => c < 0,
  le: (c: number) => c <= 0,
} as const;

const KIND_DESCRIPTIONS = {
  integer: 'an integer (compare it with a number such as 12095)',
  decimal: 'a decimal number',
  string: "text (compare it with a quoted string such as 'Active')",
  guid: "a GUID (compare it with a quoted string such as '2af1573a-6227-14d9-0fe2-add46279113f')",
  boolean: 'true/false',
  datetime: "a date and time (compare it with datetime('2013-07-16T23:57:12.943Z'))",
} as const;

function literalFor(kind: keyof typeof KIND_DESCRIPTIONS, literal: Literal): Comparable | undefined {
  switch (kind) {
    case 'integer':
      return literal.kind === 'integer' ? literal.value : undefined;
    case 'decimal':
      return literal.kind === 'decimal'
        ? literal.value
        : literal.kind === 'integer'
          ? Number(literal.value)
          : undefined;
    case 'datetime':
      return literal.kind === 'datetime' ? literal.ticks : undefined;
    case 'boolean':
      return literal.kind === 'boolean' ? literal.value : undefined;
    case 'guid':
      return literal.kind === 'string' ? literal.value.toLowerCase() : undefined;
    case 'string':
      return literal.kind === 'string' ? literal.value : undefined;
  }
}

function describeLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return `the string '${literal.value}'`;
    case 'datetime':
      return `datetime('${literal.text}')`;
    default:
      return `the ${literal.kind} ${String(literal.value)}`;
  }
}
