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

export async function connectMongo(uri: string, database: string): Promise<MongoConnection> {
  const client = new MongoClient(uri, {
    // Fail fast with a clear error when the server is down, instead of the driver's 30 s default.
    serverSelectionTimeoutMS: 10_000,
    appName: 'arlo-sync',
  });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`Cannot reach MongoDB at ${maskCredentials(uri)}: ${(error as Error).message}`);
  }
  return { client, db: client.db(database), close: () => client.close() };
}
