/** The store monitor watchdog's events as log lines, for the long-running processes (worker, receiver). */
import type { Logger } from '../logger';
import type { MonitorWatchdogEvent } from './monitor-watchdog';

export function logMonitorWatchdog(logger: Logger): (event: MonitorWatchdogEvent) => void {
  return (event) => {
    switch (event.kind) {
      case 'reopening':
        logger.warn(
          { silentForMs: event.silentForMs },
          'MongoDB client heard no server heartbeat for too long; reopening it',
        );
        return;
      case 'reopened':
        logger.info('MongoDB client reopened');
        return;
      case 'reopen-failed':
        logger.error(
          { err: event.error },
          'MongoDB client could not be reopened; trying again after another silence',
        );
        return;
    }
  };
}
