/**
 * The validated configuration every process receives (frozen). Only src/config/ builds it, from the
 * variables declared in src/config/variables/.
 */
import type { ClientConnectConfig } from '@temporalio/envconfig';

/** A set of environment variables: the process environment, a `.env` file, the local stack's values. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface PlatformConfig {
  /** The platform's host name as Arlo sends it in `X-Arlo-Platform`, e.g. `demo.arlo.co`. */
  readonly name: string;
  /** Auth API root, ending in `/`, e.g. `https://demo.arlo.co/api/2012-02-01/auth/resources/`. */
  readonly baseUrl: string;
  readonly credentials: ArloCredentials;
  /** Base64 webhook signing keys; two during a key rotation. */
  readonly webhookKeys: readonly string[];
  /**
   * The file the keys are read from and `arlo-sync setup` stores a new key in: ARLO_WEBHOOK_KEYS_FILE
   * (or `webhookKeysFile` in ARLO_PLATFORMS_FILE), else `<data dir>/secrets/<platform>.webhook-key`.
   * Undefined when the keys are given directly (ARLO_WEBHOOK_KEYS, or `webhookKeys` in the file).
   */
  readonly webhookKeyFile?: string;
  /** IntegrationData vendor ID used by the push side. */
  readonly vendorId: string;
}

export type ArloCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | {
      readonly kind: 'oauth2';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly scope?: string;
    };

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly logLevel: LogLevel;
  /** Where the embedded stack keeps its data (Temporal SQLite file, FerretDB directory). */
  readonly dataDir: string;
  /** Where provisioned tool binaries live (Temporal CLI, embedded FerretDB). */
  readonly toolsDir: string;
  readonly temporal: {
    /** Explicit server; when absent the embedded dev server is started. */
    readonly address: string | undefined;
    readonly namespace: string;
    readonly taskQueue: string;
    /** Task queue of the activities that call Arlo; rate limited server-side for all workers together. */
    readonly arloTaskQueue: string;
    /**
     * Connection settings from Temporal's standard environment configuration (TEMPORAL_API_KEY,
     * TEMPORAL_TLS*, TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE and its TOML profiles), so arlo-sync connects
     * to Temporal Cloud or a self-hosted cluster exactly as the Temporal CLI does.
     */
    readonly connection: Omit<ClientConnectConfig['connectionOptions'], 'address'>;
    readonly devServerPort: number;
    readonly devUiPort: number;
  };
  readonly mongo: {
    /** Explicit server; when absent the embedded FerretDB is started. */
    readonly uri: string | undefined;
    readonly database: string;
    readonly devPort: number;
  };
  readonly receiver: {
    readonly host: string;
    readonly port: number;
    readonly webhookPath: string;
    readonly maxBodyBytes: number;
    /** The URL Arlo calls back; used by `setup` when registering the webhook endpoint. */
    readonly publicUrl: string | undefined;
  };
  readonly worker: {
    /** Where the worker serves Prometheus `/metrics` (activities run there, so their metrics live there). */
    readonly metricsHost: string;
    /** 0 disables the worker's metrics endpoint. */
    readonly metricsPort: number;
  };
  readonly arlo: {
    /** The platform's shared budget: every Arlo call of every worker together. */
    readonly requestsPerMinute: number;
    readonly pageSize: number;
    readonly requestTimeoutMs: number;
    readonly maxResponseBytes: number;
  };
  /** The pull path: webhook events → batched PlatformEvents queries → mirror, and missed-event catch-up. */
  readonly pull: {
    /**
     * Most event IDs in one PlatformEvents query. 10 (one callback) is what Arlo documents; a larger value
     * means fewer requests from the shared budget at high load, if the platform accepts it.
     */
    readonly eventQueryBatchSize: number;
    /** How long a batch waits for more events before it is sent anyway (low load: one callback per query). */
    readonly eventBatchWindowMs: number;
    /**
     * Least time between two part-filled batches of one worker and platform: what keeps the pull path's
     * share of the budget near one query a second per worker at moderate load (a full batch leaves at once).
     */
    readonly eventBatchIntervalMs: number;
    /**
     * Whether an event's workflow records its outcome in the `ArloSyncOutcome` search attribute (one more
     * history event, and on Temporal Cloud one more billable action, per event); the ledger always has it.
     */
    readonly outcomeSearchAttribute: boolean;
    /** How often each platform's catch-up walks the PlatformEvents collection for events never processed. */
    readonly catchUpIntervalMinutes: number;
    /** How long one generation of the fetch batcher takes requests (src/domain/event-fetch.ts). */
    readonly fetchBatcherWindowSeconds: number;
  };
  /** Bulk walks and the scheduled reconciliation. */
  readonly bulk: {
    /** When each platform's reconciliation runs: a cron expression in UTC (default nightly at 02:00). */
    readonly reconcileCron: string;
    /** How far back a reconciliation looks: 24 hours plus this overlap, so no change falls between runs. */
    readonly reconcileOverlapMinutes: number;
    /** Pages a bulk walk reads at once, each from its own time range of the collection. */
    readonly segments: number;
  };
  readonly platforms: readonly PlatformConfig[];
  readonly push: {
    /** Bearer tokens accepted by the push endpoint; empty disables the endpoint. */
    readonly tokens: readonly string[];
    /** JSON file with field ownership per resource type; absent means the documented defaults. */
    readonly ownershipFile: string | undefined;
  };
  /** The change feed for the external system: `GET /changes` and signed notifications. */
  readonly feed: FeedConfig;
  readonly simulator: {
    readonly port: number;
    readonly controlPort: number;
    /** Records the demo simulator seeds, and Arlo-user edits per second it makes afterwards. */
    readonly demoSeedRecords: number;
    readonly demoEditsPerSecond: number;
  };
}

export interface FeedConfig {
  /** Bearer tokens accepted by `GET /changes`; empty disables the endpoint. */
  readonly consumerTokens: readonly string[];
  /** Days changes are kept; an older cursor is answered 410. */
  readonly retentionDays: number;
  /** Endpoints that receive the changes as signed notifications, one delivery workflow each. */
  readonly consumers: readonly FeedConsumerConfig[];
  /** How long a consumer's endpoint may take to answer one notification. */
  readonly deliveryTimeoutMs: number;
  /** Most changes in one notification. */
  readonly batchSize: number;
}

export interface FeedConsumerConfig {
  /** Names the consumer's delivery workflow, metrics and doctor line. */
  readonly name: string;
  readonly url: string;
  /** Standard Webhooks secret: `whsec_` and the Base64 of 24-64 random bytes. */
  readonly secret: string;
}
