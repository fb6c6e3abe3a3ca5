/**
 * Decides, per server, between an explicit one (TEMPORAL_ADDRESS, MONGODB_URI always win, and then
 * nothing is provisioned) and the embedded one, which it provisions and starts.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Config } from '../config';
import { startFerretDbServer } from './ferretdb-server';
import type { SpawnedProcess } from './managed-process';
import { planPartitions } from './task-queue-partitions';
import { startTemporalDevServer } from './temporal-dev-server';
import { ensureFerretDb, ensureTemporalCli, type ProvisionLog } from './tools';

export interface LocalStackOptions {
  /**
   * `interactive`: fixed ports from configuration (the caller checks they are free: ./stack-ports.ts),
   * Web UI on, data persisted under the data folder (`arlo-sync up`). `ephemeral`: free ports, headless,
   * data in a temporary folder removed on stop (tests, benchmarks).
   */
  mode: 'interactive' | 'ephemeral';
  log: ProvisionLog;
  inheritStderr?: boolean;
  /** The servers in process groups of their own: their owner stops them last (./managed-process.ts). */
  ownProcessGroups?: boolean;
  /** Told each server's pid the moment it exists (`up` records them: ./leftover-processes.ts). */
  onSpawned?: (spawned: SpawnedProcess) => void;
}

export interface LocalStack {
  readonly temporalAddress: string;
  /** Only for an embedded server in interactive mode. */
  readonly temporalUiUrl: string | undefined;
  /** The embedded Temporal server's Prometheus metrics; undefined for a server of the user's. */
  readonly temporalMetricsUrl: string | undefined;
  readonly mongoUri: string;
  readonly embedded: { readonly temporal: boolean; readonly mongo: boolean };
  stop(): Promise<void>;
}

export async function startLocalStack(config: Config, options: LocalStackOptions): Promise<LocalStack> {
  const interactive = options.mode === 'interactive';
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };

  try {
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | undefined;
    let temporalMetricsUrl: string | undefined;
    if (!temporalAddress) {
      const binary = await ensureTemporalCli(config.toolsDir, options.log);
      if (interactive) await mkdir(config.dataDir, { recursive: true });
      const dbFile = interactive ? path.join(config.dataDir, 'temporal.sqlite') : undefined;
      const partitions = await planPartitions(dbFile);
      const server = await startTemporalDevServer({
        binary,
        namespace: config.temporal.namespace,
        ...(interactive
          ? { port: config.temporal.devServerPort, uiPort: config.temporal.devUiPort, dbFile }
          : {}),
        inheritStderr: options.inheritStderr,
        ownProcessGroup: options.ownProcessGroups,
        onSpawned: options.onSpawned,
        partitions: partitions.partitions,
      });
      stoppers.push(async () => {
        await server.stop();
        await partitions.stopped();
      });
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
      temporalMetricsUrl = server.metricsUrl;
    }

    let mongoUri = config.mongo.uri;
    if (!mongoUri) {
      const binary = await ensureFerretDb(config.toolsDir, options.log);
      let dataDir: string;
      if (interactive) {
        dataDir = path.join(config.dataDir, 'ferretdb');
      } else {
        dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-ferretdb-'));
        stoppers.push(() => rm(dataDir, { recursive: true, force: true }));
      }
      const server = await startFerretDbServer({
        binary,
        dataDir,
        ...(interactive ? { port: config.mongo.devPort } : {}),
        inheritStderr: options.inheritStderr,
        ownProcessGroup: options.ownProcessGroups,
        onSpawned: options.onSpawned,
      });
      stoppers.push(() => server.stop());
      mongoUri = server.uri;
    }

    return {
      temporalAddress,
      temporalUiUrl,
      temporalMetricsUrl,
      mongoUri,
      embedded: { temporal: !config.temporal.address, mongo: !config.mongo.uri },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
