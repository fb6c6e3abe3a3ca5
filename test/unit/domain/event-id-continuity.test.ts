import { describeEventIdRegression, findEventIdRegression } from '../../../src/domain/event-id-continuity';

describe('findEventIdRegression', () => {
  it('finds the ledger ahead of the newest event the platform lists, compared as 64-bit integers', () => {
    const regression = findEventIdRegression('demo.arlo.co', '5000002171', '5000000012');
    expect(regression).toEqual({
      platform: 'demo.arlo.co',
      ledgerHighest: '5000002171',
      platformNewest: '5000000012',
    });
    expect(describeEventIdRegression(regression!)).toMatch(
      /event IDs went back on demo\.arlo\.co: the ledger holds event 5000002171, but the newest event the platform lists is 5000000012/,
    );
    expect(findEventIdRegression('p', '9223372036854775807', '9223372036854775806')).toBeDefined();
  });

  it('finds nothing while the platform is at or above the ledger, or either side has nothing', () => {
    expect(findEventIdRegression('p', '99', '100')).toBeUndefined();
    expect(findEventIdRegression('p', '100', '100')).toBeUndefined();
    expect(findEventIdRegression('p', undefined, '100')).toBeUndefined();
    expect(findEventIdRegression('p', '100', undefined)).toBeUndefined();
  });
});
