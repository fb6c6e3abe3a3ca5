/**
 * The Temporal SDK's log messages, through the process's own pino logger: one JSON line each like every
 * other line (the SDK's default writes multi-line, coloured text to stderr), with its housekeeping
 * (worker state changes, the webpack bundle report, "nothing registered on this task queue" notices the
 * Arlo-only worker always gets) at debug. Warnings and errors stay warnings and errors.
 */
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';

import type { Logger } from '../logger';

/** Messages that describe normal operation in this product's setup, not something to act on. */
const HOUSEKEEPING = [
  /^No (workflows|activities|Nexus services) registered/,
  /^Worker state changed/,
  /^Workflow bundle created/,
  /^asset workflow-bundle/, // webpack's build report
  /^webpack \d/,
];

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

export function sdkLogger(logger: Logger): SdkLogger {
  const sdk = logger.child({ component: 'temporal-sdk' });
  const log = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    const quiet = HOUSEKEEPING.some((pattern) => pattern.test(message));
    const pinoLevel = quiet && (level === 'INFO' || level === 'WARN') ? 'debug' : PINO_LEVEL[level];
    sdk[pinoLevel]({ ...meta }, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
