/**
 * What integration tests use to reach the servers that global-setup.ts started (or the explicit ones):
 * configuration read from the environment, a Temporal client, a worker on a unique task queue, MongoDB.
 */
import { randomUUID } from 'node:crypto';

import type { Client } from '@temporalio/client';
import { Worker, type WorkerOptions } from '@temporalio/worker';

import { loadConfig, type Config } from '../../src/config';
import { connectMongo, type MongoConnection } from '../../src/store/mongo';
import { connectClient, connectWorkerConnection, temporalTarget } from '../../src/temporal/connection';

export function testConfig(): Config {
  return loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
}

/** Unique per call, so parallel test files never share a task queue, database or workflow ID. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function testClient(config = testConfig()): Promise<Client> {
  return connectClient(temporalTarget(config));
}

export async function testMongo(config = testConfig()): Promise<MongoConnection> {
  if (!config.mongo.uri)
    throw new Error('MONGODB_URI is not set: run integration tests through jest (global setup)');
  return connectMongo(config.mongo.uri, uniqueName('test'));
}

/** Creates a worker on the test server; the caller runs it with `worker.runUntil(...)`. */
export async function testWorker(
  options: Omit<WorkerOptions, 'connection' | 'namespace'>,
  config = testConfig(),
): Promise<Worker> {
  const connection = await connectWorkerConnection(temporalTarget(config));
  const worker = await Worker.create({ ...options, connection, namespace: config.temporal.namespace });
  // The connection belongs to this worker alone: close it once the worker has shut down.
  const run = worker.run.bind(worker);
  worker.run = async () => {
    try {
      await run();
    } finally {
      await connection.close();
    }
  };
  return worker;
}
