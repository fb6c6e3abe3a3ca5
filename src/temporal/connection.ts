/**
 * Connections to Temporal: a client Connection (receiver, CLI, schedules) and a NativeConnection (worker),
 * both built from the same Config so TLS / API key / profile settings apply to each.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

import type { Config } from '../config';

export interface TemporalTarget {
  readonly address: string;
  readonly namespace: string;
  readonly connection: Config['temporal']['connection'];
}

export function temporalTarget(config: Config, address = config.temporal.address): TemporalTarget {
  if (!address) {
    throw new Error(
      'No Temporal server address: set TEMPORAL_ADDRESS, or run `arlo-sync up`, which starts an embedded one.',
    );
  }
  return { address, namespace: config.temporal.namespace, connection: config.temporal.connection };
}

export async function connectClient(target: TemporalTarget): Promise<Client> {
  const { apiKey, tls, metadata } = target.connection;
  const connection = await Connection.connect({
    address: target.address,
    ...(apiKey ? { apiKey } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(metadata ? { metadata } : {}),
  });
  return new Client({ connection, namespace: target.namespace });
}

export async function connectWorkerConnection(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ ...target.connection, address: target.address });
}
