/**
 * Connections to Temporal: a client Connection (receiver, CLI, schedules) and a NativeConnection (worker),
 * both built from the same Config so TLS / API key / profile settings apply to each.
 */
import { Client, Connection, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

import type { Config } from '../config';
import { PendingRetries } from './pending-retries';

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
  const connection = await ConnectionClosedAfterRetries.open({
    address: target.address,
    ...(apiKey ? { apiKey } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(metadata ? { metadata } : {}),
  });
  return new Client({ connection, namespace: target.namespace });
}

/** A client connection whose `close()` first lets its pending gRPC retries start (./pending-retries.ts). */
class ConnectionClosedAfterRetries extends Connection {
  private retries: PendingRetries | undefined;

  static async open(options: ConnectionOptions): Promise<ConnectionClosedAfterRetries> {
    const retries = new PendingRetries();
    const connection = await this.connect({
      ...options,
      interceptors: [makeGrpcRetryInterceptor(retries.options)],
    });
    // The SDK's `connect` constructs `this`, the subclass; checked rather than assumed.
    if (!(connection instanceof ConnectionClosedAfterRetries)) {
      throw new Error('@temporalio/client no longer constructs the subclass in Connection.connect');
    }
    connection.retries = retries;
    return connection;
  }

  override async close(): Promise<void> {
    await this.retries?.settle();
    await super.close();
  }
}

export async function connectWorkerConnection(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ ...target.connection, address: target.address });
}
