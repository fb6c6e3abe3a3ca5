import { InvalidArgumentError } from 'commander';

import { pullSetting, tcpPort } from '../../../src/commands/cli-arguments';

describe('pullSetting (bench --set)', () => {
  it('adds NAME=VALUE of a pull-path variable to the settings so far, the later value winning', () => {
    const first = pullSetting('ARLO_EVENT_QUERY_BATCH_SIZE=50', {});
    const both = pullSetting('ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE=false', first);
    expect(both).toEqual({ ARLO_EVENT_QUERY_BATCH_SIZE: '50', ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE: 'false' });
    expect(pullSetting('ARLO_EVENT_QUERY_BATCH_SIZE=10', both)).toMatchObject({
      ARLO_EVENT_QUERY_BATCH_SIZE: '10',
    });
    expect(first).toEqual({ ARLO_EVENT_QUERY_BATCH_SIZE: '50' }); // Not changed in place.
  });

  it('keeps everything after the first = as the value, an empty one included', () => {
    expect(pullSetting('ARLO_EVENT_BATCH_WINDOW_MS=', {})).toEqual({ ARLO_EVENT_BATCH_WINDOW_MS: '' });
    expect(pullSetting('ARLO_EVENT_BATCH_WINDOW_MS=1=2', {})).toEqual({ ARLO_EVENT_BATCH_WINDOW_MS: '1=2' });
  });

  it('refuses what is not NAME=VALUE, saying the form', () => {
    for (const text of ['ARLO_EVENT_QUERY_BATCH_SIZE', '=50', '']) {
      expect(() => pullSetting(text, {})).toThrow(InvalidArgumentError);
      expect(() => pullSetting(text, {})).toThrow(
        /is not NAME=VALUE \(e\.g\. ARLO_EVENT_QUERY_BATCH_SIZE=50\)/,
      );
    }
  });

  it("refuses a variable that is not the pull path's, listing the ones that are", () => {
    for (const text of ['TEMPORAL_ADDRESS=localhost:1', 'ARLO_PASSWORD=x', 'NOT_A_VARIABLE=1']) {
      expect(() => pullSetting(text, {})).toThrow(
        /is not one of the pull path's variables: .*ARLO_EVENT_QUERY_BATCH_SIZE.*ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE/,
      );
    }
  });
});

describe('tcpPort (simulator --port, --control-port)', () => {
  it('takes 0 (any free port) to 65535', () => {
    expect(tcpPort('0')).toBe(0);
    expect(tcpPort('4010')).toBe(4010);
    expect(tcpPort('65535')).toBe(65_535);
  });

  it('refuses what is not a port, saying the range', () => {
    for (const text of ['65536', '99999', '-1', '40.5', 'http', '', ' ']) {
      expect(() => tcpPort(text)).toThrow(InvalidArgumentError);
      expect(() => tcpPort(text)).toThrow('must be a TCP port, 0 (any free port) to 65535');
    }
  });
});
