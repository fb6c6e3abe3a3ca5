/**
 * The Temporal SDK's log messages, through the process's own pino logger: one JSON line each like every
 * other line (the SDK's default writes multi-line, coloured text to stderr), with its housekeeping
 * (worker state changes, the webpack bundle report, "nothing registered on this task queue" notices the
 * Arlo-only worker always gets) at debug. Warnings and errors stay warnings and errors, and an error they
 * carry keeps its type and message (an Error written as JSON keeps neither: "Activity failed" said only
 * `{"type":"FeedDeliveryFailed"}`, not why).
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
    sdk[pinoLevel](readableErrors(meta), message);
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

/** The metadata with each Error in it as its failure type, message and cause's message. */
function readableErrors(meta: LogMetadata): LogMetadata {
  const readable: LogMetadata = {};
  for (const [key, value] of Object.entries(meta) as [string, unknown][]) {
    readable[key] = value instanceof Error ? failureFields(value) : value;
  }
  return readable;
}

function failureFields(error: Error): Record<string, unknown> {
  const failure = error as Error & { type?: unknown; nonRetryable?: unknown };
  return {
    type: typeof failure.type === 'string' ? failure.type : error.name,
    message: error.message,
    ...(typeof failure.nonRetryable === 'boolean' ? { nonRetryable: failure.nonRetryable } : {}),
    ...(error.cause instanceof Error ? { cause: `${error.cause.name}: ${error.cause.message}` } : {}),
  };
}
