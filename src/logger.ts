/**
 * Structured JSON logs (pino). Secrets are redacted by path as a second line of defence; the first is
 * never putting them in log fields at all.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'arlo-sync'): Logger {
  return pino({
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
  });
}
