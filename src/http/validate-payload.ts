/** Parses the verified body into events (webhook-payload.ts); 400 with the first problem found. */
import { requireState, type AppMiddleware } from './app-state';
import { CALLBACK_OUTCOMES } from './receiver-metrics';
import { RequestRejection } from './request-rejection';
import { parseWebhookPayload } from './webhook-payload';

export function validatePayload(): AppMiddleware {
  return async function validatePayloadMiddleware(ctx, next) {
    const result = parseWebhookPayload(requireState(ctx, 'rawBody'));
    if (!result.ok) {
      throw new RequestRejection(400, `invalid callback payload: ${result.problem}`, {
        outcome: CALLBACK_OUTCOMES.invalidPayload,
      });
    }
    ctx.state.payload = result.payload;
    await next();
  };
}
