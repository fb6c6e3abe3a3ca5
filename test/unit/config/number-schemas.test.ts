/**
 * The configuration's numbers (src/config/schemas.ts) are read as written in decimal digits: what
 * JavaScript would also read as a number (`0x10`, `1e3`, `Infinity`) is refused with a message saying
 * what to write, and the range is said as a range.
 */
import { decimalFrom, intBetween, port, positiveInt, wholeNumberFrom } from '../../../src/config/schemas';

const problem = (
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  text: string,
) => schema.safeParse(text).error?.issues.map((issue) => issue.message);

describe('whole-number variables', () => {
  it('read decimal digits, blanks around them ignored', () => {
    expect(intBetween(1, 250).parse('25')).toBe(25);
    expect(port.parse(' 3001 ')).toBe(3001);
    expect(positiveInt.parse('1')).toBe(1);
    expect(wholeNumberFrom(0).parse('0')).toBe(0);
  });

  it.each(['0x10', '1e3', '2.5', 'Infinity', '-1', '+5', 'abc', ''])(
    'refuse %j, saying what to write',
    (text) => {
      expect(problem(intBetween(0, 65535), text)).toEqual([
        'must be a whole number written in digits, e.g. 25',
      ]);
    },
  );

  it('say the range when the number is outside it', () => {
    expect(problem(intBetween(1, 250), '0')).toEqual(['must be 1 to 250']);
    expect(problem(port, '70000')).toEqual(['must be 0 to 65535']);
    expect(problem(positiveInt, '0')).toEqual(['must be 1 or more']);
  });
});

describe('decimal variables', () => {
  it('read digits with an optional fraction', () => {
    expect(decimalFrom(0).parse('0.5')).toBe(0.5);
    expect(decimalFrom(0).parse('2')).toBe(2);
  });

  it.each(['-1', '1e3', '.5', 'NaN'])('refuse %j', (text) => {
    expect(problem(decimalFrom(0), text)).toEqual(['must be a number written in digits, e.g. 2 or 0.5']);
  });
});
