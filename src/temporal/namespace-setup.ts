/**
 * Prepares a Temporal namespace for arlo-sync, idempotently: the namespace itself (a bare self-hosted
 * server has none but its system namespace) and arlo-sync's custom search attributes (existing ones are
 * left alone, missing ones are added). The embedded dev server gets both at start; self-hosted servers
 * get them from `arlo-sync temporal-setup` (src/commands/temporal-setup.ts, the compose file's one-shot
 * service); Temporal Cloud namespaces are created with Cloud's own tooling.
 */
import type { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';

import { SEARCH_ATTRIBUTE_KEYS } from '../domain/search-attributes';
import { GRPC_STATUS, grpcErrorWithCode } from './grpc-status';

/** Registers the namespace unless it exists; true when this call created it. */
export async function ensureNamespace(
  client: Client,
  namespace: string,
  retentionDays: number,
): Promise<boolean> {
  const service = client.connection.workflowService;
  try {
    await service.describeNamespace({ namespace });
    return false;
  } catch (error) {
    if (!grpcErrorWithCode(error, GRPC_STATUS.NOT_FOUND)) throw error;
  }
  try {
    await service.registerNamespace({
      namespace,
      description: 'arlo-sync',
      workflowExecutionRetentionPeriod: msToTs(retentionDays * 24 * 60 * 60 * 1000),
    });
    return true;
  } catch (error) {
    // Another setup run registered it meanwhile.
    if (grpcErrorWithCode(error, GRPC_STATUS.ALREADY_EXISTS)) return false;
    throw error;
  }
}

export async function registerSearchAttributes(client: Client, namespace: string): Promise<string[]> {
  const known = await registeredSearchAttributes(client, namespace);
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

/** The custom search attributes the server lists for the namespace. */
async function registeredSearchAttributes(client: Client, namespace: string): Promise<Set<string>> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  return new Set(Object.keys(existing.customAttributes ?? {}));
}
