/**
 * One filtered collection GET: the record whose CodePrimary is the given code (the guide's fallback
 * cross-reference). Two matches are ambiguous and fail the push rather than pick one.
 */
import { ApplicationFailure } from '@temporalio/common';

import { FAILURE_TYPES } from '../../src/domain/failure-types';
import { callArlo } from '../arlo-failure';
import type { PushActivityDeps, PushRecordKey } from './push-deps';

/** An OData string literal: single quotes doubled (api-notes.md, "filter"). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function createFindArloRecordByCode(deps: PushActivityDeps) {
  return async function findArloRecordByCode(key: PushRecordKey, code: string): Promise<string | undefined> {
    const { client } = deps.pushPlatform(key.platform);
    const page = await callArlo(() =>
      client.listPage(key.resourceType, { filter: `CodePrimary eq ${odataString(code)}`, top: 2 }),
    );
    if (page.items.length > 1) {
      throw ApplicationFailure.nonRetryable(
        `${page.items.length} ${key.resourceType} records have CodePrimary ${JSON.stringify(code)}; make it unique in Arlo, then push again`,
        FAILURE_TYPES.ambiguousCrossReference,
      );
    }
    return page.items[0]?.id;
  };
}
