/** A logger whose JSON lines a unit test reads back, parsed, in the order they were written. */
import { Writable } from 'node:stream';

import { createLogger, type Logger } from '../../src/logger';

export function capturedLog(
  level: string,
  name = 'test',
): { lines: Record<string, unknown>[]; logger: Logger } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger(level, name, stream) };
}
