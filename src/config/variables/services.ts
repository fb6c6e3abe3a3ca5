import { z } from 'zod';

import { bearerTokens, mongoUri, nonEmpty, port, positiveInt, urlWithoutCredentials } from '../schemas';
import type { VariableDeclaration } from './declaration';

/** Read by @temporalio/envconfig from the same sources as everything else (see temporal-env.ts). */
const temporalEnvConfig = (description: string, secret = false): VariableDeclaration => ({
  group: 'temporal',
  schema: z.string(),
  temporalEnvConfig: true,
  ...(secret ? { secret, secretFile: false } : {}),
  description,
});

/** The servers arlo-sync uses (Temporal, MongoDB) and the ones it runs (receiver, worker metrics). */
export const SERVICE_VARIABLES = {
  TEMPORAL_ADDRESS: {
    group: 'temporal',
    schema: z.string().regex(/^[^\s:/@]+:\d+$/, 'must be host:port'),
    defaultText: 'the embedded dev server',
    description: 'an existing Temporal server (host:port); nothing is started then',
  },
  TEMPORAL_NAMESPACE: {
    group: 'temporal',
    schema: nonEmpty,
    default: 'default',
    description:
      "the namespace (a TEMPORAL_PROFILE's namespace comes before the default); a self-hosted server has none until `arlo-sync temporal-setup` registers it",
  },
  TEMPORAL_API_KEY: temporalEnvConfig('API key, e.g. for Temporal Cloud', true),
  TEMPORAL_TLS: temporalEnvConfig('`true` to connect with TLS'),
  TEMPORAL_TLS_CLIENT_CERT_PATH: temporalEnvConfig('client certificate for mutual TLS'),
  TEMPORAL_TLS_CLIENT_KEY_PATH: temporalEnvConfig('its private key'),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: temporalEnvConfig("the server's CA certificate, if not a public one"),
  TEMPORAL_PROFILE: temporalEnvConfig('profile of the Temporal configuration file'),
  TEMPORAL_CONFIG_FILE: {
    ...temporalEnvConfig("Temporal's TOML configuration file (the Temporal CLI's)"),
    details:
      "Temporal's standard environment configuration: the other TEMPORAL_* variables it knows\n(TEMPORAL_TLS_*_DATA, TEMPORAL_GRPC_META_*, ...) work too.",
  },
  ARLO_SYNC_TASK_QUEUE: {
    group: 'temporal',
    schema: nonEmpty,
    default: 'arlo-sync',
    description: 'task queue of the workflows and the activities that do not call Arlo',
  },
  ARLO_SYNC_ARLO_TASK_QUEUE: {
    group: 'temporal',
    schema: nonEmpty,
    default: 'arlo-sync-arlo-api',
    description: "task queue of the activities that call Arlo (the shared budget's rate limit)",
  },
  MONGODB_URI: {
    group: 'mongo',
    schema: mongoUri,
    defaultText: 'the embedded FerretDB',
    description: 'an existing MongoDB (7+, replica set); nothing is started then',
  },
  MONGODB_DATABASE: {
    group: 'mongo',
    schema: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
    default: 'arlo_sync',
    description: 'the database of the mirror, the event ledger and the push records',
  },
  RECEIVER_HOST: {
    group: 'receiver',
    schema: nonEmpty,
    default: '127.0.0.1',
    description: 'interface the receiver listens on',
  },
  RECEIVER_PORT: { group: 'receiver', schema: port, default: '3000', description: 'port of the receiver' },
  WEBHOOK_PATH: {
    group: 'receiver',
    schema: z.string().regex(/^\/[\w\-./]*$/, 'must be a path such as /webhooks/arlo'),
    default: '/webhooks/arlo',
    description: 'the callback route',
  },
  WEBHOOK_MAX_BODY_BYTES: {
    group: 'receiver',
    schema: positiveInt,
    default: '65536',
    description: 'largest callback body (413 above)',
  },
  RECEIVER_PUBLIC_URL: {
    group: 'receiver',
    schema: urlWithoutCredentials(
      'the receiver checks each callback by its signature, so the URL needs none',
    ),
    description:
      'the URL Arlo calls (`arlo-sync setup` registers it): an origin gets `WEBHOOK_PATH` appended, or the full callback URL',
  },
  WORKER_METRICS_HOST: {
    group: 'worker',
    schema: nonEmpty,
    default: '127.0.0.1',
    description: "interface of the worker's Prometheus `/metrics`",
  },
  WORKER_METRICS_PORT: {
    group: 'worker',
    schema: port,
    default: '9464',
    description: "port of the worker's `/metrics` (`0` disables it)",
  },
  PUSH_TOKENS: {
    group: 'push',
    schema: bearerTokens,
    secret: true,
    description:
      'bearer tokens accepted by `POST /push/...` (comma-separated, 16+ characters each); none: push is off (`npm start` generates one per run and prints it)',
  },
  PUSH_OWNERSHIP_FILE: {
    group: 'push',
    schema: nonEmpty,
    defaultText: 'the documented defaults',
    description: 'JSON file with field ownership per resource type',
  },
} as const satisfies Record<string, VariableDeclaration>;
