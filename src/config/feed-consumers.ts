/**
 * The external system's endpoints for signed notifications: CONSUMER_WEBHOOKS_FILE (a JSON array of
 * {name, url, secret}) or the one consumer of CONSUMER_NAME / CONSUMER_WEBHOOK_URL / CONSUMER_WEBHOOK_SECRET.
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import type { FeedConsumerConfig } from './config-types';
import { quoted } from './mask-credentials';
import { secretJsonFileProblem } from './secret-file-problem';
import type { VariableValues } from './variables';
import { consumerName, consumerWebhookUrl, webhookSecret } from './variables/feed';

const consumerSchema = z.object({ name: consumerName, url: consumerWebhookUrl, secret: webhookSecret });

export function readFeedConsumers(v: VariableValues, problems: string[]): FeedConsumerConfig[] {
  const url = v.CONSUMER_WEBHOOK_URL;
  const secret = v.CONSUMER_WEBHOOK_SECRET;
  if (v.CONSUMER_WEBHOOKS_FILE !== undefined) {
    if (url !== undefined || secret !== undefined) {
      problems.push('CONSUMER_WEBHOOKS_FILE and CONSUMER_WEBHOOK_URL/SECRET are both set: keep one');
      return [];
    }
    return readConsumersFile(v.CONSUMER_WEBHOOKS_FILE, problems);
  }
  if (url === undefined && secret === undefined) return [];
  if (url === undefined || secret === undefined) {
    const missing = url === undefined ? 'CONSUMER_WEBHOOK_URL' : 'CONSUMER_WEBHOOK_SECRET';
    problems.push(
      `${missing}: not set; notifications need both CONSUMER_WEBHOOK_URL and CONSUMER_WEBHOOK_SECRET`,
    );
    return [];
  }
  return [{ name: v.CONSUMER_NAME, url, secret }];
}

function readConsumersFile(file: string, problems: string[]): FeedConsumerConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`CONSUMER_WEBHOOKS_FILE=${quoted(file)}: ${secretJsonFileProblem(error)}`);
    return [];
  }
  const result = z.array(consumerSchema).min(1).safeParse(parsed);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`CONSUMER_WEBHOOKS_FILE ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return [];
  }
  const names = result.data.map((consumer) => consumer.name);
  if (new Set(names).size !== names.length) {
    problems.push("CONSUMER_WEBHOOKS_FILE: the consumers' names must be unique");
    return [];
  }
  return result.data;
}
