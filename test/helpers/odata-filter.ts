/**
 * A small evaluator of Arlo's OData-like `filter` and `orderby` (api-notes.md, "Collections"), written
 * for tests independently of the code that builds them. It compares `datetime('...')` literals against
 * stored timestamps at full 7-digit precision, as Arlo does, and refuses literals finer than a
 * millisecond, as Arlo does. Grammar: comparisons (`eq ne gt ge lt le`) of a field with a datetime, an
 * integer or a '...' string, joined by AND/OR (any case) with parentheses.
 */
import { normaliseArloTimestamp } from '../../src/domain/arlo-timestamp';

export type Row = Readonly<Record<string, string>>;
type Predicate = (row: Row) => boolean;
type Literal = { kind: 'datetime' | 'integer' | 'string'; value: string };

const TOKEN = /\s*(\(|\)|datetime\('[^']*'\)|'[^']*'|-?\d+|[A-Za-z_][\w/]*)/y;

function tokenize(filter: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    if (/^\s*$/.test(filter.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(filter);
    if (!match) throw new Error(`cannot read filter at ${TOKEN.lastIndex}: ${filter}`);
    tokens.push(match[1]!);
  }
  return tokens;
}

export function compileFilter(filter: string | undefined): Predicate {
  if (filter === undefined || filter.trim() === '') return () => true;
  const tokens = tokenize(filter);
  let at = 0;
  const peek = () => tokens[at];
  const take = () => {
    const token = tokens[at++];
    if (token === undefined) throw new Error(`filter ends early: ${filter}`);
    return token;
  };
  const isWord = (word: string) => peek()?.toUpperCase() === word;

  function expression(): Predicate {
    let left = conjunction();
    while (isWord('OR')) {
      take();
      const l = left;
      const r = conjunction();
      left = (row) => l(row) || r(row);
    }
    return left;
  }
  function conjunction(): Predicate {
    let left = primary();
    while (isWord('AND')) {
      take();
      const l = left;
      const r = primary();
      left = (row) => l(row) && r(row);
    }
    return left;
  }
  function primary(): Predicate {
    if (peek() === '(') {
      take();
      const inner = expression();
      if (take() !== ')') throw new Error(`missing ) in ${filter}`);
      return inner;
    }
    const field = take();
    const operator = take().toLowerCase();
    const literal = parseLiteral(take());
    return (row) => {
      const stored = row[field];
      if (stored === undefined) throw new Error(`unknown field ${field}`);
      return holds(operator, compare(stored, literal));
    };
  }

  const predicate = expression();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at]} in ${filter}`);
  return predicate;
}

function parseLiteral(token: string): Literal {
  const datetime = /^datetime\('(.*)'\)$/.exec(token);
  if (datetime) {
    const value = datetime[1]!;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) {
      throw new Error(`Arlo refuses datetime literal ${value}: at most 3 fractional digits`);
    }
    return { kind: 'datetime', value: normaliseArloTimestamp(value) };
  }
  if (/^-?\d+$/.test(token)) return { kind: 'integer', value: token };
  if (/^'.*'$/.test(token)) return { kind: 'string', value: token.slice(1, -1) };
  throw new Error(`not a literal: ${token}`);
}

/** Normalised (fixed-width, 7-digit) timestamps compare as strings; skip the regex when already normalised. */
function normalised(value: string): string {
  return value.length === 28 ? value : normaliseArloTimestamp(value);
}

function compare(stored: string, literal: Literal): number {
  if (literal.kind === 'datetime') {
    const value = normalised(stored);
    return value < literal.value ? -1 : value > literal.value ? 1 : 0;
  }
  if (literal.kind === 'integer') return compareIntegers(stored, literal.value);
  return stored < literal.value ? -1 : stored > literal.value ? 1 : 0;
}

function holds(operator: string, order: number): boolean {
  switch (operator) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    default:
      throw new Error(`unknown operator ${operator}`);
  }
}

/** `LastModifiedDateTime ASC,ContactID ASC` as a comparator: timestamps at full precision, IDs as integers. */
/** Canonical non-negative integers (no sign, no leading zeros) order by length, then digit by digit. */
function compareIntegers(x: string, y: string): number {
  if (!CANONICAL.test(x) || !CANONICAL.test(y)) throw new Error(`not canonical integers: ${x}, ${y}`);
  return x.length - y.length || compareStrings(x, y);
}

const CANONICAL = /^(0|[1-9]\d*)$/;

function compareStrings(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compileOrderBy(orderby: string): (a: Row, b: Row) => number {
  const keys = orderby.split(',').map((part) => {
    const [field = '', direction = 'ASC'] = part.trim().split(/\s+/);
    return { field, sign: direction.toUpperCase() === 'DESC' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { field, sign } of keys) {
      const x = a[field]!;
      const y = b[field]!;
      const order = /DateTime$/.test(field)
        ? compareStrings(normalised(x), normalised(y))
        : compareIntegers(x, y);
      if (order !== 0) return order * sign;
    }
    return 0;
  };
}
