import { ApiError } from '../../../src/simulator/api-error';
import { parseFilter, type FilterExpression } from '../../../src/simulator/query/filter-parser';

function shape(e: FilterExpression): unknown {
  if (e.kind === 'compare') {
    const l = e.literal;
    const value = l.kind === 'datetime' ? `dt:${l.ticks}` : String(l.value);
    return `${e.path.join('/')} ${e.operator} ${value}`;
  }
  return { [e.kind]: [shape(e.left), shape(e.right)] };
}

function reason(source: string): string {
  try {
    parseFilter(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    return (error as ApiError).message;
  }
  throw new Error(`expected "${source}" to be refused`);
}

describe('parseFilter', () => {
  it("parses the guide's cursor filter with AND binding tighter than OR", () => {
    const parsed = parseFilter(
      "LastModifiedDateTime gt datetime('2013-07-16T23:57:12.943Z') OR (LastModifiedDateTime eq datetime('2013-07-16T23:57:12.943Z') AND ContactID gt 12095)",
    );
    const ticks = (Date.parse('2013-07-16T23:57:12.943Z') * 10000).toString();
    expect(shape(parsed)).toEqual({
      or: [
        `LastModifiedDateTime gt dt:${ticks}`,
        { and: [`LastModifiedDateTime eq dt:${ticks}`, 'ContactID gt 12095'] },
      ],
    });
  });

  it('gives AND precedence without parentheses and reads keywords in any case', () => {
    expect(shape(parseFilter("a eq 1 or b EQ 'x' And c Ne true"))).toEqual({
      or: ['a eq 1', { and: ['b eq x', 'c ne true'] }],
    });
  });

  it('reads a literal on the left as the mirrored comparison', () => {
    expect(shape(parseFilter('12095 lt ContactID'))).toEqual('ContactID gt 12095');
  });

  it('reads navigation paths, escaped quotes, negative and decimal numbers', () => {
    expect(shape(parseFilter("Contact/Employment/Position eq 'O''Brien''s'"))).toBe(
      "Contact/Employment/Position eq O'Brien's",
    );
    expect(shape(parseFilter('TotalAmount ge -12.50'))).toBe('TotalAmount ge -12.5');
  });

  it('reads datetimeoffset literals as the same instant in UTC', () => {
    const offset = parseFilter("X gt datetimeoffset('2013-07-17T11:57:12.943+12:00')");
    const utc = parseFilter("X gt datetime('2013-07-16T23:57:12.943Z')");
    expect(shape(offset)).toEqual(shape(utc));
  });

  it('refuses datetime literals with more than 3 fractional digits (the precision trap)', () => {
    expect(reason("LastModifiedDateTime gt datetime('2018-05-29T00:20:11.3165591Z')")).toMatch(
      /7 fractional digits; filter literals accept at most 3/,
    );
  });

  it.each([
    ['', /is empty/],
    ["Name eq 'open", /not closed/],
    ['Name eq', /expected a field or a value, found the end/],
    ['Name 5', /expected a comparison operator/],
    ['(Name eq 1', /expected a closing parenthesis/],
    ['Name eq 1)', /unexpected "\)"/],
    ['Name eq 1 Name eq 2', /expected "and", "or" or the end/],
    ['Name eq Other', /one field \(or navigation path\) and one literal/],
    ['1 eq 2', /one field/],
    ['not Name eq 1', /"not" is not supported/],
    ['Name eq 12abc', /malformed number/],
    ['Name eq @', /unexpected character "@"/],
    ["X gt datetime('yesterday')", /not a valid timestamp/],
    ["X gt datetime('2013-02-30T00:00:00Z')", /not a real date/],
    ['X gt datetime(5)', /takes a quoted timestamp/],
    ['Name eq and', /keyword "and"/],
  ])('refuses %j with a reason', (source, expected) => {
    expect(reason(source)).toMatch(expected);
  });

  it('says where the problem is', () => {
    expect(reason("Name eq 'x' and Status")).toMatch(/at character 23/);
  });

  it('bounds nesting, comparisons and length instead of recursing without limit', () => {
    expect(reason(`${'('.repeat(40)}a eq 1${')'.repeat(40)}`)).toMatch(/nested deeper/);
    expect(reason(Array.from({ length: 250 }, (_, i) => `a eq ${i}`).join(' or '))).toMatch(
      /more than 200 comparisons/,
    );
    expect(reason(`a eq '${'x'.repeat(5000)}'`)).toMatch(/longer than/);
  });
});
