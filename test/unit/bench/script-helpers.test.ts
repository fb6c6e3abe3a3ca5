import { roundTo } from '../../../src/bench/report';
import { wholeNumberArgument } from '../../../src/bench/script-arguments';

describe('roundTo', () => {
  it('rounds a figure to the given decimals', () => {
    expect(roundTo(41.04999, 1)).toBe(41);
    expect(roundTo(0.7651, 2)).toBe(0.77);
    expect(roundTo(19.6, 0)).toBe(20);
  });
});

describe('wholeNumberArgument', () => {
  const argv = process.argv;
  afterEach(() => {
    process.argv = argv;
  });
  const given = (...args: string[]) => {
    process.argv = ['node', 'script.js', ...args];
  };

  it('reads the argument at its position, or the fallback when it is absent', () => {
    given('7', '300');
    expect(wholeNumberArgument('executions', 3, 200, 5_000)).toBe(300);
    given();
    expect(wholeNumberArgument('executions', 3, 200, 5_000)).toBe(200);
  });

  it.each(['0', '2.5', 'many', '5001'])('refuses %s, naming the argument, its range and the value', (raw) => {
    given(raw);
    expect(() => wholeNumberArgument('rounds', 2, 4, 5_000)).toThrow(
      `rounds must be a whole number from 1 to 5,000, got ${raw}`,
    );
  });
});
