/**
 * Steps 2-8 of "Validating callbacks" (webhooks.txt): the body's HMAC-SHA512 under one of the
 * platform's keys must equal `X-Arlo-Signature`. Nothing of the callback is acted on before this.
 * The log gets platform, reason and body length only: never the body, the signature or a key.
 */
import { requireState, type AppMiddleware } from './app-state';
import { CALLBACK_OUTCOMES } from './receiver-metrics';
import { RequestRejection } from './request-rejection';
import { ARLO_SIGNATURE_HEADER, UNAUTHENTICATED_MESSAGE } from './verify-platform';
import { isValidArloSignature } from './webhook-signature';

export function verifySignature(): AppMiddleware {
  return async function verifySignatureMiddleware(ctx, next) {
    const platform = requireState(ctx, 'platform');
    const body = requireState(ctx, 'rawBody');
    if (platform.keys.length === 0) {
      throw new RequestRejection(401, UNAUTHENTICATED_MESSAGE, {
        outcome: CALLBACK_OUTCOMES.rejectedSignature,
        reason: `platform has no webhook key configured (bodyLength ${body.length})`,
      });
    }
    if (!isValidArloSignature(body, ctx.get(ARLO_SIGNATURE_HEADER), platform.keys)) {
      throw new RequestRejection(401, UNAUTHENTICATED_MESSAGE, {
        outcome: CALLBACK_OUTCOMES.rejectedSignature,
        reason: `signature does not match any of the platform's ${platform.keys.length} key(s) (bodyLength ${body.length})`,
      });
    }
    await next();
  };
}
