/**
 * The MongoDB connection. Production targets MongoDB 7+; the embedded local stack runs FerretDB, so only
 * operations both support are used (no transactions, no change streams, no TTL or partial indexes).
 */
import { MongoClient, type Db } from 'mongodb';

import { maskCredentials } from '../config';
import { monitorSilenceLimitMs, watchServerMonitor, type MonitorWatchdogEvent } from './monitor-watchdog';

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

export interface ConnectMongoOptions {
  readonly onCommand?: (command: StoreCommand) => void;
  /**
   * Told when the client's server monitor went silent and the client is reopened (monitor-watchdog.ts);
   * long-running processes log it. Without it the watchdog still runs, silently.
   */
  readonly onMonitorWatchdog?: (event: MonitorWatchdogEvent) => void;
}

export async function connectMongo(
  uri: string,
  database: string,
  options: ConnectMongoOptions = {},
): Promise<MongoConnection> {
  const { onCommand, onMonitorWatchdog } = options;
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
  // A load-balanced client has no monitor to watch.
  const watchdog = client.options.loadBalanced
    ? undefined
    : watchServerMonitor(client, {
        silentAfterMs: monitorSilenceLimitMs(client.options),
        onEvent: onMonitorWatchdog ?? (() => undefined),
      });
  return {
    client,
    db: client.db(database),
    close: async () => {
      await watchdog?.stop();
      await client.close();
    },
  };
}
