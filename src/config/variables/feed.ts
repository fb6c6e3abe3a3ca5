import { z } from 'zod';

import { bearerTokens, httpsOrLoopbackUrl, intBetween, projectPath } from '../schemas';
import type { VariableDeclaration } from './declaration';

/** A Standard Webhooks secret: `whsec_` and the Base64 of 24-64 random bytes. */
export const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by Base64 (a Standard Webhooks secret)')
  .refine((v) => {
    const bytes = Buffer.from(v.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, "must encode 24-64 random bytes; make one with: node -e \"console.log('whsec_'+require('crypto').randomBytes(32).toString('base64'))\"");

export const consumerName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _');

export const consumerWebhookUrl = httpsOrLoopbackUrl('put credentials in the consumer endpoint, not its URL');

/** `GET /changes` for the external system, and signed notifications to its endpoints. */
export const FEED_VARIABLES = {
  CONSUMER_TOKENS: {
    group: 'feed',
    schema: bearerTokens,
    secret: true,
    description:
      'bearer tokens accepted by `GET /changes` (comma-separated, 16+ characters each; not the push tokens); none: the endpoint is off (`npm start` generates one per run and prints it)',
  },
  FEED_RETENTION_DAYS: {
    group: 'feed',
    schema: intBetween(1, 365),
    default: '7',
    description: 'days changes are kept; an older cursor is answered 410',
  },
  CONSUMER_NAME: {
    group: 'feed',
    schema: consumerName,
    default: 'default',
    description: "the notified consumer's name (its delivery workflow, metrics and doctor line)",
  },
  CONSUMER_WEBHOOK_URL: {
    group: 'feed',
    schema: consumerWebhookUrl,
    description:
      "the consumer's endpoint for signed notifications (Standard Webhooks); needs CONSUMER_WEBHOOK_SECRET",
  },
  CONSUMER_WEBHOOK_SECRET: {
    group: 'feed',
    schema: webhookSecret,
    secret: true,
    description: 'its signing secret: whsec_ and the Base64 of 24-64 random bytes',
  },
  CONSUMER_WEBHOOKS_FILE: {
    group: 'feed',
    schema: projectPath,
    description: 'several consumers instead: a JSON array of {"name", "url", "secret"}',
  },
  CONSUMER_WEBHOOK_TIMEOUT_MS: {
    group: 'feed',
    schema: intBetween(100, 60_000),
    default: '10000',
    description: "how long the consumer's endpoint may take to answer one notification",
  },
  CONSUMER_WEBHOOK_BATCH_SIZE: {
    group: 'feed',
    schema: intBetween(1, 1000),
    default: '100',
    description: 'most changes in one notification',
  },
} as const satisfies Record<string, VariableDeclaration>;
