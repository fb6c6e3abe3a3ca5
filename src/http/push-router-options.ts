/**
 * What the receiver process needs to serve the push endpoint: the validated ownership configuration
 * (PUSH_OWNERSHIP_FILE; an invalid file stops the start with one line per problem) and the push client
 * bound to a Temporal client.
 */
import type { Client } from '@temporalio/client';

import type { Config } from '../config';
import { loadOwnership } from '../push/field-ownership';
import { pushWithin, submitPush } from '../push/push-client';
import type { PushRouterOptions } from './push-router';

export function pushRouterOptions(config: Config, client: Client): PushRouterOptions {
  return {
    tokens: config.push.tokens,
    ownership: loadOwnership(config.push.ownershipFile),
    platforms: config.platforms.map((platform) => platform.name),
    push: (call, waitMs) => pushWithin(client, config, call, waitMs),
    submit: (call) => submitPush(client, config, call),
  };
}
