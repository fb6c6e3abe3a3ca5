import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Worker state changes at INFO would bury the test output; warnings and errors still show. The native
 * core's own retry warnings (every poll while a test keeps Temporal down on purpose) are cut to errors.
 * Import this module before any worker is created (the Runtime is installed once per test file's process).
 */
if (!Runtime._instance) {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
}
