/**
 * Structured JSON logs (pino). Secrets are redacted by path as a second line of defence; the first is
 * never putting them in log fields at all.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `destination` defaults to stdout; tests pass a stream that captures the lines. */
export function createLogger(level: string, name = 'arlo-sync', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    redact: {
      paths: [
        '*.password',
        '*.authorization',
        '*.Authorization',
        '*.secret',
        '*.token',
        '*.key',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
