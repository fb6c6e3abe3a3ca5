/**
 * The activity's logger, carrying the correlation fields of the workflow it runs for (workflowId,
 * runId, activityType, attempt), so a log search by workflow ID finds the worker's lines too. Outside
 * an activity (a unit test calling the function directly) the logger is returned as it is.
 */
import { Context } from '@temporalio/activity';

import type { Logger } from '../src/logger';

export function activityLog(logger: Logger): Logger {
  let info: Context['info'];
  try {
    info = Context.current().info;
  } catch {
    return logger;
  }
  const execution = info.workflowExecution; // absent only for activities started on their own
  return logger.child({
    ...(execution ? { workflowId: execution.workflowId, runId: execution.runId } : {}),
    activityType: info.activityType,
    attempt: info.attempt,
  });
}
