/**
 * Recursive-descent parser for the `filter` language:
 *
 *   filter     := or
 *   or         := and ("or" and)*
 *   and        := primary ("and" primary)*
 *   primary    := "(" or ")" | comparison
 *   comparison := operand ("eq"|"ne"|"gt"|"ge"|"lt"|"le") operand      (one side a path, one a literal)
 *   literal    := 'string' | integer | decimal | true | false
 *               | datetime('2013-07-16T23:57:12.943Z') | datetimeoffset('2013-07-17T11:57:12.943+12:00')
 *
 * Keywords are case-insensitive. `datetime` literals accept at most 3 fractional digits, as Arlo's do:
 * this is the precision trap of api-notes.md, reproduced on purpose. Every malformed input is a 400
 * with the reason and the character position, never an exception of another kind.
 */
import { parseTicks } from '../arlo-ticks';
import { filterError, tokenize, type Token } from './filter-lexer';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'decimal'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'datetime'; readonly ticks: bigint; readonly text: string };

export type FilterExpression =
  | { readonly kind: 'and' | 'or'; readonly left: FilterExpression; readonly right: FilterExpression }
  | {
      readonly kind: 'compare';
      readonly path: readonly string[];
      readonly operator: ComparisonOperator;
      readonly literal: Literal;
      readonly position: number;
    };

export const MAX_FILTER_LENGTH = 4000;
const MAX_NESTING = 32;
const MAX_COMPARISONS = 200;

const OPERATORS: Readonly<Record<string, ComparisonOperator>> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'gt',
  ge: 'ge',
  lt: 'lt',
  le: 'le',
};
/** `5 lt ContactID` means `ContactID gt 5`. */
const MIRRORED: Readonly<Record<ComparisonOperator, ComparisonOperator>> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
};

const DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z)?$/;
const DATETIME_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

type Operand =
  | { readonly kind: 'path'; readonly path: string[] }
  | { readonly kind: 'literal'; readonly literal: Literal };

export function parseFilter(source: string): FilterExpression {
  if (source.length > MAX_FILTER_LENGTH) {
    throw filterError(`longer than ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH);
  }
  return new FilterParser(tokenize(source)).parse();
}

class FilterParser {
  private index = 0;
  private depth = 0;
  private comparisons = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): FilterExpression {
    if (this.peek().kind === 'end') throw filterError('is empty', 0);
    const expression = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end')
      throw filterError(`unexpected ${describe(rest)}; expected "and", "or" or the end`, rest.position);
    return expression;
  }

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.index++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpression {
    let left = this.parsePrimary();
    while (this.isKeyword('and')) {
      this.index++;
      left = { kind: 'and', left, right: this.parsePrimary() };
    }
    return left;
  }

  private parsePrimary(): FilterExpression {
    const token = this.peek();
    if (token.kind === '(') {
      if (++this.depth > MAX_NESTING)
        throw filterError(`parentheses nested deeper than ${MAX_NESTING}`, token.position);
      this.index++;
      const inner = this.parseOr();
      this.expect(')', 'a closing parenthesis');
      this.depth--;
      return inner;
    }
    if (this.isKeyword('not'))
      throw filterError('"not" is not supported; use ne, or the opposite comparison', token.position);
    return this.parseComparison();
  }

  private parseComparison(): FilterExpression {
    if (++this.comparisons > MAX_COMPARISONS) {
      throw filterError(`more than ${MAX_COMPARISONS} comparisons`, this.peek().position);
    }
    const start = this.peek().position;
    const left = this.parseOperand();
    const operatorToken = this.peek();
    const operator = operatorToken.kind === 'name' ? OPERATORS[operatorToken.text.toLowerCase()] : undefined;
    if (!operator) {
      throw filterError(
        `expected a comparison operator (eq ne gt ge lt le), found ${describe(operatorToken)}`,
        operatorToken.position,
      );
    }
    this.index++;
    const right = this.parseOperand();
    if (left.kind === 'path' && right.kind === 'literal') {
      return { kind: 'compare', path: left.path, operator, literal: right.literal, position: start };
    }
    if (left.kind === 'literal' && right.kind === 'path') {
      return {
        kind: 'compare',
        path: right.path,
        operator: MIRRORED[operator],
        literal: left.literal,
        position: start,
      };
    }
    throw filterError('a comparison needs one field (or navigation path) and one literal value', start);
  }

  private parseOperand(): Operand {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.index++;
        return { kind: 'literal', literal: { kind: 'string', value: token.text } };
      case 'number':
        this.index++;
        return { kind: 'literal', literal: numberLiteral(token) };
      case 'name': {
        const lower = token.text.toLowerCase();
        if (lower === 'true' || lower === 'false') {
          this.index++;
          return { kind: 'literal', literal: { kind: 'boolean', value: lower === 'true' } };
        }
        if ((lower === 'datetime' || lower === 'datetimeoffset') && this.peek(1).kind === '(') {
          return { kind: 'literal', literal: this.parseDatetime(lower === 'datetimeoffset') };
        }
        if (lower in OPERATORS || lower === 'and' || lower === 'or') {
          throw filterError(`expected a field or a value, found the keyword "${token.text}"`, token.position);
        }
        this.index++;
        return { kind: 'path', path: token.text.split('/') };
      }
      default:
        throw filterError(`expected a field or a value, found ${describe(token)}`, token.position);
    }
  }

  private parseDatetime(withOffset: boolean): Literal {
    const name = this.peek();
    this.index += 2; // name and "("
    const value = this.peek();
    if (value.kind !== 'string') {
      throw filterError(
        `${name.text}(...) takes a quoted timestamp such as '2013-07-16T23:57:12.943Z'`,
        value.position,
      );
    }
    this.index++;
    this.expect(')', `")" after the ${name.text} literal`);
    const match = (withOffset ? DATETIME_OFFSET : DATETIME).exec(value.text);
    if (!match?.[1]) {
      const example = withOffset ? "'2013-07-17T11:57:12.943+12:00'" : "'2013-07-16T23:57:12.943Z'";
      throw filterError(
        `${name.text}('${value.text}') is not a valid timestamp; use the form ${example}`,
        value.position,
      );
    }
    const fraction = match[2] ?? '';
    if (fraction.length > 3) {
      throw filterError(
        `${name.text}('${value.text}') has ${fraction.length} fractional digits; filter literals accept at most 3 (milliseconds)`,
        value.position,
      );
    }
    const seconds = match[1].length === 16 ? `${match[1]}:00` : match[1];
    const ticks = parseTicks(`${seconds}${fraction ? `.${fraction}` : ''}${match[3] ?? 'Z'}`);
    if (ticks === undefined)
      throw filterError(`${name.text}('${value.text}') is not a real date and time`, value.position);
    return { kind: 'datetime', ticks, text: value.text };
  }

  private expect(kind: Token['kind'], what: string): void {
    const token = this.peek();
    if (token.kind !== kind) throw filterError(`expected ${what}, found ${describe(token)}`, token.position);
    this.index++;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text.toLowerCase() === word;
  }

  private peek(ahead = 0): Token {
    return (
      this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] ?? {
        kind: 'end',
        text: '',
        position: 0,
      }
    );
  }
}

function numberLiteral(token: Token): Literal {
  if (token.text.includes('.')) return { kind: 'decimal', value: Number(token.text) };
  const value = BigInt(token.text);
  if (value > (1n << 63n) - 1n || value < -(1n << 63n))
    throw filterError(`integer ${token.text} does not fit 64 bits`, token.position);
  return { kind: 'integer', value };
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the filter';
    case 'string':
      return `the string '${token.text}'`;
    default:
      return `"${token.text}"`;
  }
}
