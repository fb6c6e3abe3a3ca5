/**
 * Registers arlo-sync's custom search attributes on a Temporal namespace, idempotently: existing ones are
 * left alone, missing ones are added. The embedded dev server gets them at start; production namespaces
 * (self-hosted via docker compose, or Temporal Cloud through its own tooling) get them from
 * `arlo-sync temporal-setup`.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

import { SEARCH_ATTRIBUTE_KEYS } from '../domain/search-attributes';

export async function registerSearchAttributes(client: Client, namespace: string): Promise<string[]> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = SEARCH_ATTRIBUTE_KEYS.filter((key) => !known.has(key.name));
  if (missing.length > 0) {
    await client.connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
  }
  return missing.map((key) => key.name);
}
