/**
 * Counts each webhook callback by outcome and times its acknowledgement. Sits first on the webhook
 * route, so it sees the rejection a later step throws (and lets it pass on to the error handler).
 */
import type { AppMiddleware } from './app-state';
import {
  CALLBACK_OUTCOMES,
  UNKNOWN_PLATFORM_LABEL,
  type CallbackOutcome,
  type ReceiverMetrics,
} from './receiver-metrics';
import { RequestRejection } from './request-rejection';

export function observeCallback(metrics: ReceiverMetrics): AppMiddleware {
  return async function observeCallbackMiddleware(ctx, next) {
    const stopTimer = metrics.ackSeconds.startTimer();
    let outcome: CallbackOutcome = CALLBACK_OUTCOMES.error;
    try {
      await next();
      outcome = CALLBACK_OUTCOMES.accepted;
    } catch (error) {
      if (error instanceof RequestRejection && error.outcome) outcome = error.outcome;
      throw error;
    } finally {
      const platform = ctx.state.platform?.name ?? UNKNOWN_PLATFORM_LABEL;
      metrics.callbacks.inc({ outcome, platform });
      stopTimer({ outcome });
    }
  };
}
