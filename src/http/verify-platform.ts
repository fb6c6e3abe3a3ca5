/**
 * Step 1 of "Validating callbacks" (webhooks.txt): `X-Arlo-Platform` must name a configured platform,
 * and `X-Arlo-Signature` must be present. It runs after the body is read (webhook-router.ts says why),
 * and answers every failure with the same 401 as a wrong signature.
 */
import type { AppMiddleware } from './app-state';
import { CALLBACK_OUTCOMES } from './receiver-metrics';
import { RequestRejection } from './request-rejection';
import type { WebhookPlatforms } from './webhook-platforms';

/** The same answer for every authentication failure: the sender learns nothing about which check failed. */
export const UNAUTHENTICATED_MESSAGE = 'callback not authenticated';

export const ARLO_PLATFORM_HEADER = 'X-Arlo-Platform';
export const ARLO_SIGNATURE_HEADER = 'X-Arlo-Signature';

export function verifyPlatform(platforms: WebhookPlatforms): AppMiddleware {
  return async function verifyPlatformMiddleware(ctx, next) {
    const header = ctx.get(ARLO_PLATFORM_HEADER);
    const platform = platforms.find(header);
    if (!platform) {
      throw new RequestRejection(401, UNAUTHENTICATED_MESSAGE, {
        outcome: CALLBACK_OUTCOMES.rejectedPlatform,
        // The header is not a secret, and an operator needs it to spot a misconfigured platform name.
        reason:
          header === ''
            ? `missing ${ARLO_PLATFORM_HEADER} header`
            : `${ARLO_PLATFORM_HEADER} ${JSON.stringify(header.slice(0, 100))} is not a configured platform`,
      });
    }
    ctx.state.platform = platform;
    ctx.state.log = ctx.state.log.child({ platform: platform.name });
    if (ctx.get(ARLO_SIGNATURE_HEADER) === '') {
      throw new RequestRejection(401, UNAUTHENTICATED_MESSAGE, {
        outcome: CALLBACK_OUTCOMES.rejectedSignature,
        reason: `missing ${ARLO_SIGNATURE_HEADER} header`,
      });
    }
    await next();
  };
}
