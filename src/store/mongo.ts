/**
 * The MongoDB connection. Production targets MongoDB 7+; the embedded local stack runs FerretDB, so only
 * operations both support are used (no transactions, no change streams, no TTL or partial indexes).
 */
import { MongoClient, type Db } from 'mongodb';

import { maskCredentials } from '../config';

export interface MongoConnection {
  readonly client: MongoClient;
  readonly db: Db;
  close(): Promise<void>;
}

/** One command the driver sends (for benchmarks that count the store's round trips). */
export interface StoreCommand {
  readonly name: string;
  /** The collection it addresses, when it addresses one. */
  readonly collection?: string;
}

export async function connectMongo(
  uri: string,
  database: string,
  options: { readonly onCommand?: (command: StoreCommand) => void } = {},
): Promise<MongoConnection> {
  const { onCommand } = options;
  const client = new MongoClient(uri, {
    // Fail fast with a clear error when the server is down, instead of the driver's 30 s default.
    serverSelectionTimeoutMS: 10_000,
    appName: 'arlo-sync',
    monitorCommands: onCommand !== undefined,
  });
  if (onCommand) {
    client.on('commandStarted', (event) => {
      const target: unknown = event.command[event.commandName];
      onCommand({
        name: event.commandName,
        ...(typeof target === 'string' ? { collection: target } : {}),
      });
    });
  }
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`Cannot reach MongoDB at ${maskCredentials(uri)}: ${(error as Error).message}`);
  }
  return { client, db: client.db(database), close: () => client.close() };
}
