import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Worker state changes at INFO would bury the test output; warnings and errors still show. Import this
 * module before any worker is created (the Runtime is installed once per test file's process).
 */
if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('WARN') });
