/**
 * The only module that reads `process.env`. It parses every variable, reports every problem at once
 * (one line per variable: what was wrong and what to set), and returns a frozen Config.
 *
 * Secrets may come from `NAME_FILE` (a path, for container secrets) instead of `NAME`; they are never
 * accepted on the command line, so they stay out of shell history.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { z } from 'zod';

import { PROJECT_ROOT } from './project-root';

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

export interface Config {
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
    /** How often each platform's catch-up walks the PlatformEvents collection for events never processed. */
    readonly catchUpIntervalMinutes: number;
    /** How long one generation of the fetch batcher takes requests (src/domain/event-fetch.ts). */
    readonly fetchBatcherWindowSeconds: number;
  };
  /** Bulk walks and the scheduled reconciliation (issue 5). */
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

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `arlo-sync cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee README.md "Configuration" or .env.example for every variable.',
    );
    this.name = 'ConfigError';
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const httpUrl = z.url({ protocol: /^https?$/ });
const mongoUri = z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://');
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be Base64 as Arlo returned it when the endpoint was registered')
  .refine((v) => v.length % 4 === 0, 'Base64 length must be a multiple of 4');

/** One entry of ARLO_PLATFORMS_FILE, or the single platform described by ARLO_* variables. */
const platformSchema = z
  .object({
    name: z
      .string({
        error:
          'not set, and not derivable from the base URL: set the host name Arlo sends in X-Arlo-Platform',
      })
      .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name such as demo.arlo.co'),
    baseUrl: z
      .url({
        protocol: /^https?$/,
        error: 'must be the Auth API root, e.g. https://demo.arlo.co/api/2012-02-01/auth/resources/',
      })
      .refine(
        (u) => u.startsWith('https://') || isLoopbackUrl(u),
        'must use https:// (plain http:// only for a loopback address such as the simulator)',
      )
      .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    oauthTokenUrl: httpUrl.optional(),
    oauthClientId: z.string().min(1).optional(),
    oauthClientSecret: z.string().min(1).optional(),
    oauthScope: z.string().optional(),
    webhookKeys: z
      .array(base64Key)
      .max(2, 'at most two keys (current and next, during rotation)')
      .default([]),
    webhookKeysFile: z.string().min(1).optional(),
    vendorId: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('arlo-sync'),
  })
  .transform((p, ctx): PlatformConfig => {
    let credentials: ArloCredentials;
    if (p.oauthTokenUrl || p.oauthClientId || p.oauthClientSecret) {
      if (!p.oauthTokenUrl || !p.oauthClientId || !p.oauthClientSecret) {
        ctx.addIssue({
          code: 'custom',
          message: 'OAuth 2 needs token URL, client ID and client secret together',
        });
        return z.NEVER;
      }
      credentials = {
        kind: 'oauth2',
        tokenUrl: p.oauthTokenUrl,
        clientId: p.oauthClientId,
        clientSecret: p.oauthClientSecret,
        ...(p.oauthScope ? { scope: p.oauthScope } : {}),
      };
    } else if (p.username && p.password) {
      credentials = { kind: 'basic', username: p.username, password: p.password };
    } else {
      ctx.addIssue({
        code: 'custom',
        message: 'needs username and password (HTTP Basic) or OAuth 2 client settings',
      });
      return z.NEVER;
    }
    return {
      name: p.name,
      baseUrl: p.baseUrl,
      credentials,
      webhookKeys: p.webhookKeys,
      ...(p.webhookKeysFile !== undefined ? { webhookKeyFile: p.webhookKeysFile } : {}),
      vendorId: p.vendorId,
    };
  });

interface Collector {
  problems: string[];
  env: Env;
  dataDir: string;
}

/** Parse one variable; record a problem (and return undefined) instead of throwing. */
function read<T>(c: Collector, name: string, schema: z.ZodType<T>, fallback?: string): T | undefined {
  const raw = c.env[name];
  const value = raw === undefined || raw === '' ? fallback : raw;
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const shown = isSecretName(name) ? '(value hidden)' : JSON.stringify(value);
  c.problems.push(`${name}=${shown}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  return undefined;
}

function isSecretName(name: string): boolean {
  return /PASSWORD|SECRET|KEY|TOKEN/.test(name);
}

/** `NAME` or the contents of the file named by `NAME_FILE` (trailing newline trimmed). */
function readSecret(c: Collector, name: string): string | undefined {
  const direct = c.env[name];
  const file = c.env[`${name}_FILE`];
  if (direct && file) {
    c.problems.push(`${name} and ${name}_FILE are both set: keep one`);
    return undefined;
  }
  if (!file) return direct === '' ? undefined : direct;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    c.problems.push(
      `${name}_FILE=${JSON.stringify(file)}: cannot read it (${(error as NodeJS.ErrnoException).code})`,
    );
    return undefined;
  }
}

function readTemporalEnvConfig(c: Collector): ClientConnectConfig | undefined {
  try {
    const env = Object.fromEntries(
      Object.entries(c.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return loadClientConnectConfig({ overrideEnvVars: env });
  } catch (error) {
    c.problems.push(`TEMPORAL_CONFIG_FILE/TEMPORAL_PROFILE/TEMPORAL_TLS*: ${(error as Error).message}`);
    return undefined;
  }
}

function withoutAddress(
  options: ClientConnectConfig['connectionOptions'] | undefined,
): Omit<ClientConnectConfig['connectionOptions'], 'address'> {
  const { address: _address, ...rest } = options ?? {};
  return rest;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The file holds passwords and keys, and V8's JSON errors quote the text around the mistake: say where
 * it is (when V8 says), never what is there.
 */
function platformsFileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined) return `cannot read it (${code})`;
  const where = /at position \d+(?: \(line \d+ column \d+\))?/.exec((error as Error).message)?.[0];
  return `not valid JSON${where ? ` (${where})` : ''}; the parser's message is withheld because the file holds secrets`;
}

function readPlatforms(c: Collector): PlatformConfig[] {
  const file = c.env.ARLO_PLATFORMS_FILE;
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      c.problems.push(`ARLO_PLATFORMS_FILE=${JSON.stringify(file)}: ${platformsFileProblem(error)}`);
      return [];
    }
    const entries = Array.isArray(parsed)
      ? parsed.map((entry: unknown, index) => withKeysFromFile(c, entry, `ARLO_PLATFORMS_FILE ${index}`))
      : parsed;
    const result = z.array(platformSchema).min(1).safeParse(entries);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      c.problems.push(`ARLO_PLATFORMS_FILE ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return [];
  }
  const baseUrl = c.env.ARLO_BASE_URL;
  if (!baseUrl) return []; // No Arlo configured: the simulator stands in (see `arlo-sync up`).
  const name = c.env.ARLO_PLATFORM || safeHost(baseUrl);
  const keys = c.env.ARLO_WEBHOOK_KEYS
    ? { webhookKeys: list(readSecret(c, 'ARLO_WEBHOOK_KEYS')) }
    : keysFromFile(c, 'ARLO_WEBHOOK_KEYS_FILE', c.env.ARLO_WEBHOOK_KEYS_FILE, name);
  const result = platformSchema.safeParse({
    name,
    baseUrl,
    username: c.env.ARLO_USERNAME || undefined,
    password: readSecret(c, 'ARLO_PASSWORD'),
    oauthTokenUrl: c.env.ARLO_OAUTH_TOKEN_URL || undefined,
    oauthClientId: c.env.ARLO_OAUTH_CLIENT_ID || undefined,
    oauthClientSecret: readSecret(c, 'ARLO_OAUTH_CLIENT_SECRET'),
    oauthScope: c.env.ARLO_OAUTH_SCOPE || undefined,
    ...keys,
    vendorId: c.env.ARLO_VENDOR_ID || undefined,
  });
  if (result.success) return [result.data];
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    c.problems.push(`${PLATFORM_VARIABLES[field] ?? 'ARLO_*'}: ${issue.message}`);
  }
  return [];
}

/** Where `arlo-sync setup` stores a platform's webhook key unless told otherwise. */
export function defaultWebhookKeyFile(dataDir: string, platform: string): string {
  return path.join(dataDir, 'secrets', `${platform}.webhook-key`);
}

/**
 * Keys from a file (comma- or newline-separated). A file that does not exist yet means no keys yet:
 * `arlo-sync setup` creates it, and the receiver says which platform still lacks a key.
 */
function keysFromFile(
  c: Collector,
  label: string,
  explicitFile: string | undefined,
  platform: string | undefined,
): { webhookKeys: string[]; webhookKeysFile?: string } {
  if (!explicitFile && (!platform || !/^[A-Za-z0-9.-]+$/.test(platform))) return { webhookKeys: [] };
  const file = explicitFile
    ? path.resolve(PROJECT_ROOT, explicitFile)
    : defaultWebhookKeyFile(c.dataDir, platform ?? '');
  try {
    const text = readFileSync(file, 'utf8');
    return { webhookKeys: list(text.replace(/\s+/g, ',')), webhookKeysFile: file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') c.problems.push(`${label}=${JSON.stringify(file)}: cannot read it (${code})`);
    return { webhookKeys: [], webhookKeysFile: file };
  }
}

/** An ARLO_PLATFORMS_FILE entry without `webhookKeys` reads them from its key file. */
function withKeysFromFile(c: Collector, entry: unknown, label: string): unknown {
  if (typeof entry !== 'object' || entry === null || 'webhookKeys' in entry) return entry;
  const { name, webhookKeysFile } = entry as { name?: unknown; webhookKeysFile?: unknown };
  return {
    ...entry,
    ...keysFromFile(
      c,
      `${label} webhookKeysFile`,
      typeof webhookKeysFile === 'string' ? webhookKeysFile : undefined,
      typeof name === 'string' ? name : undefined,
    ),
  };
}

const PLATFORM_VARIABLES: Record<string, string> = {
  name: 'ARLO_PLATFORM',
  baseUrl: 'ARLO_BASE_URL',
  username: 'ARLO_USERNAME',
  password: 'ARLO_PASSWORD',
  webhookKeys: 'ARLO_WEBHOOK_KEYS (or the key file)',
  vendorId: 'ARLO_VENDOR_ID',
  '': 'ARLO_USERNAME/ARLO_PASSWORD',
};

function isLoopbackUrl(url: string): boolean {
  const host = safeHost(url);
  return (
    host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host ?? '')
  );
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

// ---- The change feed (GET /changes, signed notifications) -------------------------------------------

export interface FeedConfig {
  /** Bearer tokens accepted by `GET /changes` (CONSUMER_TOKENS); empty disables the endpoint. */
  readonly consumerTokens: readonly string[];
  /** Days changes are kept (FEED_RETENTION_DAYS); an older cursor is answered 410. */
  readonly retentionDays: number;
  /** Endpoints that receive the changes as signed notifications, one delivery workflow each. */
  readonly consumers: readonly FeedConsumerConfig[];
  /** How long a consumer's endpoint may take to answer one notification (CONSUMER_WEBHOOK_TIMEOUT_MS). */
  readonly deliveryTimeoutMs: number;
  /** Most changes in one notification (CONSUMER_WEBHOOK_BATCH_SIZE). */
  readonly batchSize: number;
}

export interface FeedConsumerConfig {
  /** Names the consumer's delivery workflow, metrics and doctor line. */
  readonly name: string;
  readonly url: string;
  /** Standard Webhooks secret: `whsec_` and the Base64 of 24-64 random bytes. */
  readonly secret: string;
}

const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by Base64 (a Standard Webhooks secret)')
  .refine((v) => {
    const bytes = Buffer.from(v.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, "must encode 24-64 random bytes; make one with: node -e \"console.log('whsec_'+require('crypto').randomBytes(32).toString('base64'))\"");

const consumerSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _'),
  url: httpUrl.refine(
    (u) => u.startsWith('https://') || isLoopbackUrl(u),
    'must use https:// (plain http:// only for a loopback address)',
  ),
  secret: webhookSecret,
});

function readFeed(c: Collector): FeedConfig {
  const consumerTokens = list(readSecret(c, 'CONSUMER_TOKENS'));
  if (consumerTokens.some((token) => token.length < 16)) {
    c.problems.push('CONSUMER_TOKENS: every token must be at least 16 characters');
  }
  return {
    consumerTokens,
    retentionDays: read(c, 'FEED_RETENTION_DAYS', z.coerce.number().int().min(1).max(365), '7') ?? 7,
    consumers: readConsumers(c),
    deliveryTimeoutMs:
      read(c, 'CONSUMER_WEBHOOK_TIMEOUT_MS', z.coerce.number().int().min(100).max(60_000), '10000') ?? 10_000,
    batchSize: read(c, 'CONSUMER_WEBHOOK_BATCH_SIZE', z.coerce.number().int().min(1).max(1000), '100') ?? 100,
  };
}

/** CONSUMER_WEBHOOKS_FILE (a JSON array of {name, url, secret}), or the one consumer of CONSUMER_WEBHOOK_*. */
function readConsumers(c: Collector): FeedConsumerConfig[] {
  const file = c.env.CONSUMER_WEBHOOKS_FILE;
  const url = c.env.CONSUMER_WEBHOOK_URL;
  const secret = readSecret(c, 'CONSUMER_WEBHOOK_SECRET');
  if (file && (url || secret)) {
    c.problems.push('CONSUMER_WEBHOOKS_FILE and CONSUMER_WEBHOOK_URL/SECRET are both set: keep one');
    return [];
  }
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path.resolve(PROJECT_ROOT, file), 'utf8'));
    } catch (error) {
      c.problems.push(`CONSUMER_WEBHOOKS_FILE=${JSON.stringify(file)}: ${platformsFileProblem(error)}`);
      return [];
    }
    const result = z.array(consumerSchema).min(1).safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) {
        c.problems.push(`CONSUMER_WEBHOOKS_FILE ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      }
      return [];
    }
    const names = result.data.map((consumer) => consumer.name);
    if (new Set(names).size !== names.length) c.problems.push('CONSUMER_WEBHOOKS_FILE: names must be unique');
    return result.data;
  }
  if (!url && !secret) return [];
  if (!url || !secret) {
    c.problems.push(
      `${url ? 'CONSUMER_WEBHOOK_SECRET' : 'CONSUMER_WEBHOOK_URL'}: not set; notifications need both`,
    );
    return [];
  }
  const result = consumerSchema.safeParse({ name: c.env.CONSUMER_NAME || 'default', url, secret });
  if (result.success) return [result.data];
  for (const issue of result.error.issues) {
    const variable = {
      name: 'CONSUMER_NAME',
      url: 'CONSUMER_WEBHOOK_URL',
      secret: 'CONSUMER_WEBHOOK_SECRET',
    };
    const field = String(issue.path[0] ?? '') as keyof typeof variable;
    c.problems.push(`${variable[field] ?? 'CONSUMER_WEBHOOK_*'}: ${issue.message}`);
  }
  return [];
}

// ---- end of the change feed's configuration ------------------------------------------------------------

/** Parse and validate the environment. Throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(PROJECT_ROOT, env.ARLO_SYNC_DATA_DIR || '.data');
  const c: Collector = { problems: [], env, dataDir };
  const toolsDir = path.resolve(PROJECT_ROOT, env.ARLO_SYNC_TOOLS_DIR || '.tools');

  const temporalEnv = readTemporalEnvConfig(c);
  const temporalAddress =
    read(c, 'TEMPORAL_ADDRESS', z.string().regex(/^[^\s:/]+:\d+$/, 'must be host:port')) ??
    temporalEnv?.connectionOptions.address;
  const mongoUriValue = read(c, 'MONGODB_URI', mongoUri);

  const config: Config = {
    logLevel: read(c, 'LOG_LEVEL', logLevel, 'info') ?? 'info',
    dataDir,
    toolsDir,
    temporal: {
      address: temporalAddress,
      namespace:
        read(c, 'TEMPORAL_NAMESPACE', z.string().min(1), temporalEnv?.namespace ?? 'default') ?? 'default',
      taskQueue: read(c, 'ARLO_SYNC_TASK_QUEUE', z.string().min(1), 'arlo-sync') ?? 'arlo-sync',
      arloTaskQueue: read(c, 'ARLO_SYNC_ARLO_TASK_QUEUE', z.string().min(1), 'arlo-sync-arlo-api') ?? '',
      connection: withoutAddress(temporalEnv?.connectionOptions),
      devServerPort: read(c, 'ARLO_SYNC_DEV_TEMPORAL_PORT', port, '7233') ?? 7233,
      devUiPort: read(c, 'ARLO_SYNC_DEV_TEMPORAL_UI_PORT', port, '8233') ?? 8233,
    },
    mongo: {
      uri: mongoUriValue,
      database: read(c, 'MONGODB_DATABASE', z.string().regex(/^[A-Za-z0-9_-]+$/), 'arlo_sync') ?? 'arlo_sync',
      devPort: read(c, 'ARLO_SYNC_DEV_MONGODB_PORT', port, '27017') ?? 27017,
    },
    receiver: {
      host: read(c, 'RECEIVER_HOST', z.string().min(1), '127.0.0.1') ?? '127.0.0.1',
      port: read(c, 'RECEIVER_PORT', port, '3000') ?? 3000,
      webhookPath:
        read(
          c,
          'WEBHOOK_PATH',
          z.string().regex(/^\/[\w\-./]*$/, 'must be a path such as /webhooks/arlo'),
          '/webhooks/arlo',
        ) ?? '',
      maxBodyBytes: read(c, 'WEBHOOK_MAX_BODY_BYTES', positiveInt, '65536') ?? 65536,
      publicUrl: read(c, 'RECEIVER_PUBLIC_URL', httpUrl),
    },
    arlo: {
      requestsPerMinute: read(c, 'ARLO_REQUESTS_PER_MINUTE', positiveInt, '300') ?? 300,
      pageSize: read(c, 'ARLO_PAGE_SIZE', z.coerce.number().int().min(1).max(250), '250') ?? 250,
      requestTimeoutMs: read(c, 'ARLO_REQUEST_TIMEOUT_MS', positiveInt, '30000') ?? 30000,
      maxResponseBytes: read(c, 'ARLO_MAX_RESPONSE_BYTES', positiveInt, String(32 * 1024 * 1024)) ?? 0,
    },
    pull: {
      eventQueryBatchSize:
        read(c, 'ARLO_EVENT_QUERY_BATCH_SIZE', z.coerce.number().int().min(1).max(250), '25') ?? 25,
      eventBatchWindowMs:
        read(c, 'ARLO_EVENT_BATCH_WINDOW_MS', z.coerce.number().int().min(0).max(10_000), '150') ?? 150,
      fetchBatcherWindowSeconds:
        read(
          c,
          'ARLO_FETCH_BATCHER_WINDOW_SECONDS',
          z.coerce
            .number()
            .int()
            .min(10)
            .max(10 * 365 * 86_400),
          '60',
        ) ?? 60,
      catchUpIntervalMinutes:
        read(
          c,
          'ARLO_CATCH_UP_INTERVAL_MINUTES',
          z.coerce
            .number()
            .int()
            .min(1)
            .max(24 * 60),
          '15',
        ) ?? 15,
    },
    worker: {
      metricsHost: read(c, 'WORKER_METRICS_HOST', z.string().min(1), '127.0.0.1') ?? '127.0.0.1',
      metricsPort: read(c, 'WORKER_METRICS_PORT', port, '9464') ?? 9464,
    },
    bulk: {
      reconcileCron:
        read(
          c,
          'ARLO_RECONCILE_CRON',
          z
            .string()
            .trim()
            .regex(/^\S+( \S+){4}$/, 'must be a five-field cron expression such as "0 2 * * *"'),
          '0 2 * * *',
        ) ?? '0 2 * * *',
      reconcileOverlapMinutes:
        read(
          c,
          'ARLO_RECONCILE_OVERLAP_MINUTES',
          z.coerce
            .number()
            .int()
            .min(0)
            .max(24 * 60),
          '60',
        ) ?? 60,
      segments: read(c, 'ARLO_BULK_SEGMENTS', z.coerce.number().int().min(1).max(8), '2') ?? 2,
    },
    platforms: readPlatforms(c),
    push: {
      tokens: list(readSecret(c, 'PUSH_TOKENS')),
      ownershipFile: env.PUSH_OWNERSHIP_FILE || undefined,
    },
    feed: readFeed(c),
    simulator: {
      port: read(c, 'SIMULATOR_PORT', port, '4010') ?? 4010,
      controlPort: read(c, 'SIMULATOR_CONTROL_PORT', port, '4011') ?? 4011,
      demoSeedRecords: read(c, 'SIMULATOR_DEMO_SEED_RECORDS', z.coerce.number().int().min(0), '200') ?? 200,
      demoEditsPerSecond: read(c, 'SIMULATOR_DEMO_EDITS_PER_SECOND', z.coerce.number().min(0), '2') ?? 2,
    },
  };

  for (const token of config.push.tokens) {
    if (token.length < 16) c.problems.push('PUSH_TOKENS: every token must be at least 16 characters');
  }
  if (c.problems.length > 0) throw new ConfigError([...new Set(c.problems)]);
  return deepFreeze(config);
}

/**
 * The environment for a child process of the local stack (`arlo-sync up` starts the worker and the
 * receiver as separate processes): the current environment plus the addresses of embedded servers.
 */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** The directories of PATH, for finding tools such as the Go toolchain. */
export function executableSearchPath(): string[] {
  return (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
}

/** Whether this process runs under CI (only affects how provisioning reports progress). */
export function isCi(env: Env = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
